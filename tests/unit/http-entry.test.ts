// The HTTP entry hook against a real Node HTTP server: the socket's address replaces whatever the
// client claims, and TRACE is carried through as OPTIONS.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGINAL_METHOD_HEADER, PEER_ADDRESS_HEADER } from "@/lib/api/entry-headers";
import { installHttpEntry } from "@/lib/api/http-entry";
import { requestContextFrom } from "@/lib/api/request-context";

let server: http.Server;
let port: number;

beforeAll(async () => {
  installHttpEntry();
  server = http.createServer((request, response) => {
    const context = requestContextFrom(new Headers(request.headers as Record<string, string>));
    response.end(JSON.stringify({ method: request.method, original: request.headers[ORIGINAL_METHOD_HEADER] ?? null, ip: context.ip }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

function send(
  method: string,
  headers: Record<string, string> = {},
): Promise<{ method: string; original: string | null; ip: string | null }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method, path: "/api/workspaces", headers }, (response) => {
      let text = "";
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve(JSON.parse(text)));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("the HTTP entry hook", () => {
  it("records the socket's address, whatever X-Forwarded-For or its own header claim (TRUSTED_PROXY_HOPS=0)", async () => {
    const spoofed = { "x-forwarded-for": "6.6.6.6", [PEER_ADDRESS_HEADER]: "7.7.7.7" };
    expect(await send("GET", spoofed)).toEqual({ method: "GET", original: null, ip: "127.0.0.1" });
  });

  it("carries TRACE through as OPTIONS, and no client can claim it did", async () => {
    expect(await send("TRACE")).toMatchObject({ method: "OPTIONS", original: "TRACE" });
    expect(await send("OPTIONS", { [ORIGINAL_METHOD_HEADER]: "TRACE" })).toMatchObject({ method: "OPTIONS", original: null });
  });
});
