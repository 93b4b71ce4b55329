// One JSON shape for every API response that is not a success:
// { "error": { "code", "message", "details"? } }, with the status the error's code maps to.
import { ApiError, type ErrorCode } from "@/lib/errors/api-error";
import { isDatabaseUnavailable } from "@/lib/db/sql-errors";
import { logger } from "@/lib/observability/logger";
import { inRoutedRequest, noteError } from "@/lib/observability/request-log";
import type { ErrorBody } from "./error-response";

/** The HTTP status each error code answers with: the only place codes meet HTTP. */
export const STATUS_BY_CODE = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

/** Seconds a client should wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const apiError = asApiError(error);
  noteError(apiError.code, apiError === error ? undefined : error);
  const body: ErrorBody = { error: { code: apiError.code, message: apiError.message } };
  if (apiError.details !== undefined) body.error.details = apiError.details;
  const response = Response.json(body, { status: STATUS_BY_CODE[apiError.code], headers });
  if (apiError.code === "service_unavailable") response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
  return response;
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isDatabaseUnavailable(error)) return new ApiError("service_unavailable", "The database is unavailable right now; try again shortly.");
  return new ApiError("internal_error", "Something went wrong on our side. It has been logged.");
}

/**
 * Runs one request's handling to a response: an ApiError becomes its status and standard body;
 * anything else is logged with the request id (on the request's line, lib/observability/request-log.ts)
 * and answered as a 500 (or a 503 for a database outage). Every response carries the request id.
 */
export async function answerRequest(request: Request, requestId: string, handle: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await handle();
  } catch (error) {
    if (!(error instanceof ApiError) && !inRoutedRequest()) {
      logger().error({ requestId, path: new URL(request.url).pathname, err: error }, "request failed");
    }
    response = errorResponse(error);
  }
  response.headers.set("x-request-id", requestId);
  return response;
}
