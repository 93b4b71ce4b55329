// Runs on every HTTP request before Next sees it. `next start` offers no other place below the
// framework, and these things are only possible here:
// - the socket's address: Next sets X-Forwarded-For to it only when the client sent none, so
//   without a proxy in front that header is whatever the client wrote;
// - a page request's status, for its log line (lib/observability/page-log.ts);
// - methods Next does not route: it builds a WHATWG Request for the proxy and the route handler,
//   which refuses TRACE (a 500 before any of our code runs), and answers any other method it does
//   not route (PROPFIND, QUERY, LINK …) with an empty 400. They are carried through as OPTIONS,
//   which every route's wiring answers with 405 (lib/api/methods.ts), and proxy.ts for pages;
// - methods Node's parser refuses (lowercase `get`, unknown tokens): see unparsed-method.ts.
import "server-only";
import http from "node:http";
import { logPageResponse } from "@/lib/observability/page-log";
import { markHttpEntryInstalled, ORIGINAL_METHOD_HEADER, PEER_ADDRESS_HEADER } from "./entry-headers";
import { answerUnparsedMethod, isProbe } from "./unparsed-method";

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
const INSTALLED = Symbol.for("billing.httpEntry");
/** What Next routes to a route handler's exports (lib/api/methods.ts). */
const ROUTED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function installHttpEntry(): void {
  const proto = http.Server.prototype as unknown as { emit: Emit; [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const emit = proto.emit;
  proto.emit = function (event, ...args) {
    if (event === "request") {
      prepareRequest(args[0] as http.IncomingMessage);
      logPageResponse(args[0] as http.IncomingMessage, args[1] as http.ServerResponse);
    }
    // Answered by us: true tells Node a listener took it, so it does not send its bare 400.
    if (event === "clientError" && answerUnparsedMethod(this, args[0] as Error, args[1] as import("node:net").Socket)) return true;
    return emit.call(this, event, ...args);
  };
  proto[INSTALLED] = true;
  markHttpEntryInstalled();
}

export function prepareRequest(request: http.IncomingMessage): void {
  const address = request.socket.remoteAddress ?? "";
  request.headers[PEER_ADDRESS_HEADER] = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  if (isProbe(request)) return;
  delete request.headers[ORIGINAL_METHOD_HEADER];
  const method = request.method ?? "GET";
  if (!ROUTED_METHODS.has(method)) {
    request.method = "OPTIONS";
    request.headers[ORIGINAL_METHOD_HEADER] = method;
  }
}
