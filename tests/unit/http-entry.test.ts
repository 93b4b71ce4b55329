// The HTTP entry hook against a real Node HTTP server: the socket's address replaces whatever the
// client claims, and methods Next does not route are carried through as OPTIONS.
import net from "node:net";
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

  it("carries PROPFIND, QUERY and LINK through as OPTIONS too, and leaves the methods Next routes alone", async () => {
    for (const method of ["PROPFIND", "QUERY", "LINK"]) expect(await send(method)).toMatchObject({ method: "OPTIONS", original: method });
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      expect(await send(method)).toMatchObject({ method, original: null });
  });

  it("answers a method Node's parser refuses (lowercase get) as this server answers it carried as OPTIONS", async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.write("get /api/workspaces HTTP/1.1\r\nHost: x\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(answer.split("\r\n\r\n")[1]!)).toEqual({ method: "OPTIONS", original: "get", ip: "127.0.0.1" });
  });
});
