// What only Next's own server does with a request: TRACE, undecodable paths, unknown /api paths,
// and the audited address with nothing but `next start` in front.
import { expect, test, type APIResponse } from "@playwright/test";
import { signIn } from "./support";

async function expectError(response: APIResponse, status: number, code: string) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
}

test("TRACE is a 405 with Allow, on API routes, next-auth's and pages alike", async ({ request }) => {
  for (const [path, allow] of [
    ["/api/workspaces", "GET, HEAD"],
    ["/api/metering/events", "POST"],
    ["/api/auth/csrf", "GET, HEAD, POST"],
    ["/w/acme/billing", "GET, HEAD"],
  ]) {
    const response = await request.fetch(path!, { method: "TRACE" });
    await expectError(response, 405, "method_not_allowed");
    expect(response.headers()["allow"]).toBe(allow);
  }
});

test("a method a route does not export is a 405 with Allow and the error body", async ({ request }) => {
  for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
    const response = await request.fetch("/api/workspaces", { method });
    await expectError(response, 405, "method_not_allowed");
    expect(response.headers()["allow"]).toBe("GET, HEAD");
  }
});

test("an undecodable path is a 400, not a 500, for the API, next-auth and pages", async ({ request }) => {
  for (const path of ["/api/billing/exports/%C3%28/download", "/api/auth/%FF", "/w/%FF/billing", "/%E0%80"]) {
    await expectError(await request.get(path), 400, "bad_request");
  }
});

test("an unknown /api path is a JSON 404 for any method, and real routes are not shadowed", async ({ request }) => {
  await expectError(await request.get("/api/nope"), 404, "not_found");
  await expectError(await request.post("/api/billing/exports/abc"), 404, "not_found");
  expect((await request.get("/api/openapi.json")).status()).toBe(200);
  expect((await request.get("/api/auth/csrf")).status()).toBe(200);
  expect((await request.get("/api/workspaces")).status()).toBe(401);
});

test("the audited address is the socket's, whatever X-Forwarded-For claims, and the client's request id is kept apart", async ({
  page,
}) => {
  await signIn(page, "admin@example.com");
  const look = await page.request.get("/api/billing/usage?workspaceId=ws_globex", {
    headers: { "x-forwarded-for": "6.6.6.6", "x-request-id": "e2e-spoof-0001" },
  });
  expect(look.status()).toBe(200);
  const serverId = look.headers()["x-request-id"];
  expect(serverId).not.toBe("e2e-spoof-0001");
  const log = await (await page.request.get("/api/audit-events?workspaceId=ws_globex&action=billing.usage.viewed&limit=200")).json();
  const row = log.events.find((e: { clientRequestId: string | null }) => e.clientRequestId === "e2e-spoof-0001");
  expect(row).toMatchObject({ requestId: serverId, ip: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
});
