// The request log: one JSON line per request, with the server's request id (the x-request-id
// response header, the audit row's requestId) and the client's own id kept apart; never a
// password, token, cookie or event payload.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as usage } from "@/app/api/billing/usage/route";
import { systemDb } from "@/lib/db";
import { logger, useLogDestination } from "@/lib/observability/logger";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { event, INGEST_TOKEN, postEvents } from "../support/metering";
import { callRoute, sessionCookieFor } from "../support/session";
import { backend } from "../support/test-database";

let lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    done();
  },
});
const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  await seedDemoData(new Date());
  useLogDestination(capture);
});
afterAll(() => useLogDestination(undefined));

describe(`request logging on ${backend}`, () => {
  it("logs one line per request whose request id is the response's and the audit row's", async () => {
    lines = [];
    const clientId = "client-trace-0123456789";
    const response = await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme&period=current", {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": clientId },
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).not.toBe(clientId);

    const requestLines = records().filter((r) => r.message === "request");
    expect(requestLines).toHaveLength(1);
    const { id: userId } = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.admin } });
    expect(requestLines[0]).toMatchObject({
      level: 30,
      requestId,
      clientRequestId: clientId,
      userId,
      workspaceId: "ws_acme",
      route: "/api/billing/usage",
      method: "GET",
      status: 200,
      durationMs: expect.any(Number),
    });

    const audit = await systemDb().auditEvent.findFirstOrThrow({ where: { requestId } });
    expect(audit).toMatchObject({ action: "billing.usage.viewed", requestId, clientRequestId: clientId, workspaceId: "ws_acme" });
  });

  it("logs refusals at warn with their error code, under the route template", async () => {
    lines = [];
    const response = await callRoute(usage, "/api/billing/usage?workspaceId=ws_initech", { as: ACCOUNTS.admin });
    expect(response.status).toBe(403);
    expect(records().find((r) => r.message === "request")).toMatchObject({
      level: 40,
      route: "/api/billing/usage",
      status: 403,
      errorCode: "forbidden",
      requestId: response.headers.get("x-request-id"),
    });
  });

  it("never writes the session cookie, the ingest token or event payloads of real requests", async () => {
    lines = [];
    const cookie = await sessionCookieFor(ACCOUNTS.admin);
    await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme", { headers: { cookie } });
    await postEvents([event({ quantity: "not-a-number", secretField: "payload-secret-42" })]);
    const text = lines.join("\n");
    expect(text).toContain('"route":"/api/metering/events"');
    for (const secret of [cookie.split("=")[1]!, INGEST_TOKEN, "payload-secret-42"]) expect(text).not.toContain(secret);
  });

  it("redacts authorization, cookie, password, token and payload fields wherever they are logged", () => {
    lines = [];
    logger().info(
      {
        headers: { authorization: "Bearer sekrit-1", cookie: "next-auth.session-token=sekrit-2", "set-cookie": "sekrit-3" },
        req: { headers: { authorization: "Bearer sekrit-4", cookie: "sekrit-5" } },
        password: "sekrit-6",
        token: "sekrit-7",
        user: { password: "sekrit-8", newPassword: "sekrit-9" },
        payload: { quantity: "sekrit-10" },
        event: { payload: "sekrit-11", id: "evt-1" },
        metadata: { csrfToken: "sekrit-12" },
      },
      "redaction",
    );
    const [line] = lines;
    expect(line).not.toMatch(/sekrit/);
    const logged = JSON.parse(line!) as Record<string, Record<string, unknown>>;
    expect(logged.headers).toEqual({ authorization: "[Redacted]", cookie: "[Redacted]", "set-cookie": "[Redacted]" });
    expect(logged.req).toEqual({ headers: { authorization: "[Redacted]", cookie: "[Redacted]" } });
    expect(logged.password).toBe("[Redacted]");
    expect(logged.event).toEqual({ payload: "[Redacted]", id: "evt-1" });
  });
});

describe("page request logging", () => {
  it("logs one line per page request with its path (no query), status and duration, and none for API routes or assets", async () => {
    const http = await import("node:http");
    const { logPageResponse } = await import("@/lib/observability/page-log");
    const server = http.createServer((request, response) => {
      logPageResponse(request, response);
      response.statusCode = request.url!.startsWith("/missing") ? 404 : 200;
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      lines = [];
      for (const path of ["/w/acme/billing?period=previous&token=x", "/missing", "/api/workspaces", "/_next/static/a.js", "/robots.txt"]) {
        await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      const pages = records().filter((r) => r.kind === "page");
      expect(pages.map((r) => [r.path, r.status, r.level])).toEqual([
        ["/w/acme/billing", 200, 30],
        ["/missing", 404, 40],
      ]);
      expect(pages.every((r) => r.message === "request" && typeof r.durationMs === "number" && r.method === "GET")).toBe(true);
      expect(lines.join("\n")).not.toContain("token=x");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
