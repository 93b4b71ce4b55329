// One error type and one JSON shape for every API response that is not a success:
// { "error": { "code", "message", "details"? } }.
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/sql-errors";
import { logger } from "@/lib/observability/logger";
import { inRoutedRequest, noteError } from "@/lib/observability/request-log";
import type { ErrorBody } from "./error-response";

const STATUS_BY_CODE = {
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
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;
export const ERROR_CODES = Object.keys(STATUS_BY_CODE) as [ErrorCode, ...ErrorCode[]];

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

/** Turns zod issues into a 400 naming each bad field. */
export function validationError(error: z.ZodError, what = "request"): ApiError {
  const details = error.issues.map((issue) => ({
    field: issue.path.join(".") || "(root)",
    message: issue.message,
  }));
  // In words, so a person reading it knows what to change: "to must not be before from".
  const problems = [...new Set(details.map((detail) => `${detail.field} ${detail.message}`))].join("; ");
  return new ApiError("bad_request", `Invalid ${what}: ${problems}`, details);
}

/** Seconds a client should wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const apiError = asApiError(error);
  noteError(apiError.code, apiError === error ? undefined : error);
  const body: ErrorBody = { error: { code: apiError.code, message: apiError.message } };
  if (apiError.details !== undefined) body.error.details = apiError.details;
  const response = Response.json(body, { status: apiError.status, headers });
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
