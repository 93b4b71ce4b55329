// Every route module exports every method Next routes (`export const { GET, …, OPTIONS } =
// routeMethods({ GET })`), so the ones a route does not implement answer 405 with the standard
// body and an Allow header instead of Next's empty 405 (tests/unit/route-methods.test.ts checks
// every route does this).
import "server-only";
import { observeRoute } from "@/lib/observability/request-log";
import { ApiError } from "@/lib/errors/api-error";
import { errorResponse } from "./errors";
import { isCarriedMethod, requestedMethod } from "./entry-headers";
import { requestContext } from "./request-context";
import type { RouteHandler } from "./route";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Handler = RouteHandler;
type Implementation = (...args: Parameters<RouteHandler>) => Response | Promise<Response>;

/** Which route a handler serves: its file's path under app/ (tests/unit/route-templates.test.ts checks it). */
export const ROUTE_TEMPLATE = Symbol("route template");

/**
 * `route` is the template of the route's path (`/api/billing/anomalies/[id]`): the bounded label
 * its requests are logged and measured under, never the raw path.
 */
export function routeMethods(
  implementations: Partial<Record<HttpMethod, Implementation>>,
  { route }: { route: string },
): Record<HttpMethod, Handler> {
  const handlers = Object.fromEntries(
    Object.entries(implementations).map(([method, implementation]) => [method, observeRoute(route, implementation)]),
  ) as Partial<Record<HttpMethod, Handler>>;
  const implemented = { ...handlers, HEAD: handlers.HEAD ?? handlers.GET };
  const allow = HTTP_METHODS.filter((method) => implemented[method]).join(", ");
  const refuse: Handler = observeRoute(route, async (request: Request) =>
    answer(
      request,
      new ApiError("method_not_allowed", `${requestedMethod(request)} is not supported here; use ${allow}.`, { allow: allow.split(", ") }),
      { allow },
    ),
  );
  const routed = Object.fromEntries(HTTP_METHODS.map((method) => [method, implemented[method] ?? refuse])) as Record<HttpMethod, Handler>;
  // TRACE, PROPFIND … arrive as OPTIONS (lib/api/http-entry.ts) and are never a route's own OPTIONS.
  const options = routed.OPTIONS;
  routed.OPTIONS = (request, context) => (isCarriedMethod(request) ? refuse(request, context) : options(request, context));
  return labelled(routed, route);
}

/** A handler not built by routeMethods (next-auth's route), logged and measured under `route`. */
export function observedHandler(route: string, handler: Handler): Handler {
  const observed = observeRoute(route, handler);
  Object.defineProperty(observed, ROUTE_TEMPLATE, { value: route, configurable: true });
  return observed;
}

function labelled(handlers: Record<HttpMethod, Handler>, route: string): Record<HttpMethod, Handler> {
  for (const handler of Object.values(handlers)) Object.defineProperty(handler, ROUTE_TEMPLATE, { value: route, configurable: true });
  return handlers;
}

/** For app/api/[...path]: any method on a path no route serves. */
export function unknownPathMethods(): Record<HttpMethod, Handler> {
  const route = "/api/[...path]";
  const notFound: Handler = observeRoute(route, async (request: Request) =>
    answer(request, new ApiError("not_found", `No API endpoint at ${new URL(request.url).pathname}.`)),
  );
  return labelled(Object.fromEntries(HTTP_METHODS.map((method) => [method, notFound])) as Record<HttpMethod, Handler>, route);
}

function answer(request: Request, error: ApiError, headers?: HeadersInit): Response {
  const response = errorResponse(error, headers);
  response.headers.set("x-request-id", requestContext(request).requestId);
  return response;
}
