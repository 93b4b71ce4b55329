// One log line per page request (everything that is not an API route or a static asset): API
// routes log their own line with far more in it (request-log.ts); pages are rendered by Next
// below any code of ours that sees the status, so the HTTP entry (lib/api/http-entry.ts) logs
// them when the response finishes.
import "server-only";
import type http from "node:http";
import { logger } from "./logger";

/** Static files and API routes are not page requests. */
const NOT_A_PAGE = /^\/(api\/|_next\/|favicon\.ico$|icon\.svg$|robots\.txt$)/;

export function logPageResponse(request: http.IncomingMessage, response: http.ServerResponse): void {
  const path = (request.url ?? "/").split("?")[0]!;
  if (NOT_A_PAGE.test(path)) return;
  const started = performance.now();
  response.once("finish", () => {
    const status = response.statusCode;
    const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    const log = logger();
    if (!log.isLevelEnabled(level)) return;
    // The path without its query: a query may carry a sign-in callback or a search, never needed here.
    log[level](
      {
        component: "http",
        kind: "page",
        method: request.method,
        path,
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      },
      "request",
    );
  });
}
