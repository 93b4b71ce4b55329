// Runs on every HTTP request before Next sees it. `next start` offers no other place below the
// framework, and two things are only possible here:
// - the socket's address: Next sets X-Forwarded-For to it only when the client sent none, so
//   without a proxy in front that header is whatever the client wrote;
// - a page request's status, for its log line (lib/observability/page-log.ts);
// - TRACE: Next builds a WHATWG Request for the proxy and the route handler, which refuses TRACE
//   (a 500 before any of our code runs). It is carried through as OPTIONS, which every route's
//   wiring answers with 405 (lib/api/methods.ts), and proxy.ts for pages.
import "server-only";
import http from "node:http";
import { logPageResponse } from "@/lib/observability/page-log";
import { markHttpEntryInstalled, ORIGINAL_METHOD_HEADER, PEER_ADDRESS_HEADER } from "./entry-headers";

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
const INSTALLED = Symbol.for("billing.httpEntry");

export function installHttpEntry(): void {
  const proto = http.Server.prototype as unknown as { emit: Emit; [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const emit = proto.emit;
  proto.emit = function (event, ...args) {
    if (event === "request") {
      prepareRequest(args[0] as http.IncomingMessage);
      logPageResponse(args[0] as http.IncomingMessage, args[1] as http.ServerResponse);
    }
    return emit.call(this, event, ...args);
  };
  proto[INSTALLED] = true;
  markHttpEntryInstalled();
}

export function prepareRequest(request: http.IncomingMessage): void {
  const address = request.socket.remoteAddress ?? "";
  request.headers[PEER_ADDRESS_HEADER] = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  delete request.headers[ORIGINAL_METHOD_HEADER];
  if (request.method === "TRACE") {
    request.method = "OPTIONS";
    request.headers[ORIGINAL_METHOD_HEADER] = "TRACE";
  }
}
