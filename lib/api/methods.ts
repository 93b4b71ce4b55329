// Every route module exports every method Next routes (`export const { GET, …, OPTIONS } =
// routeMethods({ GET })`), so the ones a route does not implement answer 405 with the standard
// body and an Allow header instead of Next's empty 405 (tests/unit/route-methods.test.ts checks
// every route does this).
import "server-only";
import { ApiError, errorResponse } from "./errors";
import { requestedMethod } from "./entry-headers";
import { requestContext } from "./request-context";
import type { RouteHandler } from "./route";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Handler = RouteHandler;
type Implementation = (...args: Parameters<RouteHandler>) => Response | Promise<Response>;

export function routeMethods(implementations: Partial<Record<HttpMethod, Implementation>>): Record<HttpMethod, Handler> {
  const handlers = Object.fromEntries(
    Object.entries(implementations).map(([method, implementation]) => [
      method,
      async (...args: Parameters<RouteHandler>) => implementation(...args),
    ]),
  ) as Partial<Record<HttpMethod, Handler>>;
  const implemented = { ...handlers, HEAD: handlers.HEAD ?? handlers.GET };
  const allow = HTTP_METHODS.filter((method) => implemented[method]).join(", ");
  const refuse: Handler = async (request) =>
    answer(
      request,
      new ApiError("method_not_allowed", `${requestedMethod(request)} is not supported here; use ${allow}.`, { allow: allow.split(", ") }),
      { allow },
    );
  const routed = Object.fromEntries(HTTP_METHODS.map((method) => [method, implemented[method] ?? refuse])) as Record<HttpMethod, Handler>;
  // A TRACE arrives as OPTIONS (lib/api/http-entry.ts) and is never a route's own OPTIONS.
  const options = routed.OPTIONS;
  routed.OPTIONS = (request, context) => (requestedMethod(request) === "TRACE" ? refuse(request, context) : options(request, context));
  return routed;
}

/** For app/api/[...path]: any method on a path no route serves. */
export function unknownPathMethods(): Record<HttpMethod, Handler> {
  const notFound: Handler = async (request) =>
    answer(request, new ApiError("not_found", `No API endpoint at ${new URL(request.url).pathname}.`));
  return Object.fromEntries(HTTP_METHODS.map((method) => [method, notFound])) as Record<HttpMethod, Handler>;
}

function answer(request: Request, error: ApiError, headers?: HeadersInit): Response {
  const response = errorResponse(error, headers);
  response.headers.set("x-request-id", requestContext(request).requestId);
  return response;
}
