// The browser's one way to call our API: it sends the request and, on an answer other than 2xx,
// turns the standard error body ({ error: { code, message, details? } }) into an ApiRequestError
// whose message is the API's own, the words the page shows. A body that is not ours (a proxy's
// HTML 502) gets "<failure> (<status>)." instead. A network failure rejects as fetch rejects.

export class ApiRequestError extends Error {
  override name = "ApiRequestError";
  constructor(
    readonly status: number,
    /** The API's error code; "unknown" when the body did not carry one. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ApiRequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON, with its content type. */
  body?: unknown;
  /** What failed, in words for a person ("The budget could not be saved"), for an error without our body. */
  failure: string;
  /** The Accept header; requestJson asks for JSON. */
  accept?: string;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

async function errorOf(response: Response, failure: string): Promise<ApiRequestError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  const error = body?.error;
  const message = typeof error?.message === "string" ? error.message : `${failure} (${response.status}).`;
  const code = typeof error?.code === "string" ? error.code : "unknown";
  return new ApiRequestError(response.status, code, message, error?.details);
}

/** The answer itself, for bodies read as they arrive (the CSV export); throws on anything but 2xx. */
export async function apiResponse(url: string, { method = "GET", body, failure, accept }: ApiRequestOptions): Promise<Response> {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: { ...(accept && { accept }), ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response, failure);
  return response;
}

/** The answer's JSON body (undefined for 204 No Content); throws on anything but 2xx. */
export async function requestJson<T>(url: string, options: ApiRequestOptions): Promise<T> {
  const response = await apiResponse(url, { accept: "application/json", ...options });
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
