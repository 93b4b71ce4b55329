// A request whose method Node's HTTP parser refuses (methods are case-sensitive: `get` is not
// GET; `FOO` is no method Node knows) never becomes a request event: Node answers a bare 400 on
// the socket. To answer it as any other unsupported method (405, Allow for that path, the
// standard body, x-request-id), the request line is read from the bytes the parser saw and
// asked of this same server as OPTIONS carrying the original method, like TRACE; the answer is
// copied back to the client, and the connection closed.
import "server-only";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ORIGINAL_METHOD_HEADER } from "./entry-headers";

const PROBE_HEADER = "x-billing-method-probe";
// Per process: only this process's own probe may carry an original method past the entry hook.
const PROBE_SECRET = randomBytes(18).toString("base64url");
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}) (\/[^\s]{0,2048}) HTTP\/1\.[01]\r?\n/;
const UNSPECIFIED: Record<string, string> = { "::": "::1", "0.0.0.0": "127.0.0.1" };
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

export function isProbe(request: http.IncomingMessage): boolean {
  const probe = request.headers[PROBE_HEADER] === PROBE_SECRET;
  delete request.headers[PROBE_HEADER];
  return probe && typeof request.headers[ORIGINAL_METHOD_HEADER] === "string";
}

/** Whether the error was an unknown method this answers (asynchronously); false leaves it to Node. */
export function answerUnparsedMethod(server: http.Server, error: Error, socket: Socket): boolean {
  const { code, rawPacket } = error as Error & { code?: string; rawPacket?: Buffer };
  const line = REQUEST_LINE.exec(rawPacket?.toString("latin1") ?? "");
  const address = server.address() as AddressInfo | null;
  if (code !== "HPE_INVALID_METHOD" || !line || !address || !socket.writable) return false;
  const probe = http.request(
    {
      host: UNSPECIFIED[address.address] ?? address.address,
      port: address.port,
      method: "OPTIONS",
      path: line[2],
      headers: { [ORIGINAL_METHOD_HEADER]: line[1], [PROBE_HEADER]: PROBE_SECRET, connection: "close" },
    },
    (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => socket.end(rawResponse(response, Buffer.concat(chunks))));
    },
  );
  probe.on("error", () => socket.destroy());
  probe.end();
  return true;
}

function rawResponse(response: http.IncomingMessage, body: Buffer): Buffer {
  const headers: string[] = [];
  for (let i = 0; i < response.rawHeaders.length; i += 2) {
    if (!HOP_BY_HOP.has(response.rawHeaders[i]!.toLowerCase())) headers.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  }
  headers.push(`content-length: ${body.byteLength}`, "connection: close");
  const head = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n${headers.join("\r\n")}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}
