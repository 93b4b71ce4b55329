// One log line and one metrics observation per API request. `observeRoute` wraps every route
// handler (lib/api/methods.ts) under its route template; what only deeper layers know (the request
// ids, the actor, the checked workspaces, the error code) is noted on the request's record as it
// becomes known, through AsyncLocalStorage, so no signature has to carry it.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { logger } from "./logger";
import { record } from "./metrics";

interface RequestRecord {
  requestId?: string;
  clientRequestId?: string | null;
  userId?: string;
  /** The metering producer whose key authenticated the request. */
  producer?: string;
  workspaceIds?: readonly string[];
  errorCode?: string;
  error?: unknown;
}

const requests = new AsyncLocalStorage<RequestRecord>();

type Handler<A extends unknown[]> = (request: Request, ...rest: A) => Response | Promise<Response>;

/** Times the handler and, once it answered, logs the request and records its metrics under `route`. */
export function observeRoute<A extends unknown[]>(route: string, handler: Handler<A>): (request: Request, ...rest: A) => Promise<Response> {
  return async (request, ...rest) => {
    const started = performance.now();
    const entry: RequestRecord = {};
    let response: Response | undefined;
    try {
      response = await requests.run(entry, () => handler(request, ...rest));
      return response;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const status = response?.status ?? 500;
      record.httpRequest(route, request.method, status, seconds, entry.errorCode ?? (response ? null : "internal_error"));
      logRequest(route, request, response, status, seconds, entry);
    }
  };
}

function logRequest(
  route: string,
  request: Request,
  response: Response | undefined,
  status: number,
  seconds: number,
  entry: RequestRecord,
) {
  const log = logger();
  const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
  if (!log.isLevelEnabled(level)) return;
  const workspaceIds = entry.workspaceIds;
  log[level](
    {
      requestId: entry.requestId ?? response?.headers.get("x-request-id") ?? undefined,
      clientRequestId: entry.clientRequestId ?? undefined,
      userId: entry.userId,
      producer: entry.producer,
      workspaceId: workspaceIds?.length === 1 ? workspaceIds[0] : undefined,
      workspaceCount: workspaceIds && workspaceIds.length > 1 ? workspaceIds.length : undefined,
      route,
      method: request.method,
      status,
      durationMs: Math.round(seconds * 100_000) / 100,
      errorCode: entry.errorCode,
      err: entry.error,
    },
    "request",
  );
}

export function noteRequestIds(requestId: string, clientRequestId: string | null): void {
  const entry = requests.getStore();
  if (entry) {
    entry.requestId = requestId;
    entry.clientRequestId = clientRequestId;
  }
}

export function noteActor(userId: string): void {
  const entry = requests.getStore();
  if (entry) entry.userId = userId;
}

export function noteProducer(name: string): void {
  const entry = requests.getStore();
  if (entry) entry.producer = name;
}

/** The workspaces the access check granted (not the ids the client asked for). */
export function noteWorkspaces(workspaceIds: readonly string[]): void {
  const entry = requests.getStore();
  if (entry) entry.workspaceIds = workspaceIds;
}

/** The error code the response carries, and the error itself when it was unexpected (a 500). */
export function noteError(code: string, unexpected?: unknown): void {
  const entry = requests.getStore();
  if (!entry) return;
  entry.errorCode = code;
  if (unexpected !== undefined) entry.error = unexpected;
}

/** Outside a routed request (no line of its own will carry it): log the unexpected error now. */
export function inRoutedRequest(): boolean {
  return requests.getStore() !== undefined;
}
