// What only Next's own server does with a request: TRACE and other unusual methods, oversized bodies,
// security headers, undecodable paths, unknown /api paths,
// and the audited address with nothing but `next start` in front.
import net from "node:net";
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

/** One raw HTTP/1.1 exchange, for what no HTTP client library sends: methods it would refuse or uppercase. */
function raw(requestHead: string, body?: Buffer): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(test.info().project.use.baseURL!);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(requestHead);
      if (body) socket.write(body);
    });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
      );
      const body = rest.join("\r\n\r\n");
      resolve({
        status: Number(statusLine.split(" ")[1]),
        headers,
        body: headers["transfer-encoding"] === "chunked" ? dechunked(body) : body,
      });
    });
  });
}

function dechunked(body: string): string {
  let out = "";
  for (let at = 0; ;) {
    const end = body.indexOf("\r\n", at);
    const size = parseInt(body.slice(at, end), 16);
    if (!size) return out;
    out += body.slice(end + 2, end + 2 + size);
    at = end + 2 + size + 2;
  }
}

test("unusual methods (PROPFIND, QUERY, LINK, lowercase get) are a 405 with Allow, a request id and the error body", async () => {
  for (const method of ["PROPFIND", "QUERY", "LINK", "get"]) {
    for (const [path, allow] of [
      ["/api/billing/usage", "GET, HEAD"],
      ["/api/metering/events", "POST"],
      ["/api/auth/csrf", "GET, HEAD, POST"],
      ["/w/acme/billing", "GET, HEAD"],
    ] as const) {
      const response = await raw(`${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers["allow"]).toBe(allow);
      expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(JSON.parse(response.body)).toEqual({
        error: {
          code: "method_not_allowed",
          message: expect.stringContaining(method),
          ...(path.startsWith("/api/b") || path.startsWith("/api/m") ? { details: { allow: allow.split(", ") } } : {}),
        },
      });
    }
  }
});

test("a PUT body over 10 MB is a 413 with the error body, declared or chunked", async ({ page }) => {
  await signIn(page, "admin@example.com");
  const path = "/api/billing/budget?workspaceId=ws_acme";
  const big = JSON.stringify({ amount: "1000", thresholds: [80], padding: "x".repeat(11 * 1024 * 1024) });
  await expectError(await page.request.put(path, { data: big, headers: { "content-type": "application/json" } }), 413, "payload_too_large");
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const chunkedPut = await raw(
    `PUT ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    Buffer.from(`${Buffer.byteLength(big).toString(16)}\r\n${big}\r\n0\r\n\r\n`),
  );
  expect(chunkedPut.status).toBe(413);
  expect(JSON.parse(chunkedPut.body).error.code).toBe("payload_too_large");
});

test("pages and API answers carry a CSP (a fresh nonce on Next's scripts for pages), nosniff and a referrer policy", async ({
  request,
}) => {
  const page = await request.get("/signin");
  const policy = page.headers()["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  const html = await page.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  const again = (await request.get("/signin")).headers()["content-security-policy"];
  expect(again).not.toBe(policy);

  for (const response of [page, await request.get("/api/workspaces"), await request.get("/api/openapi.json")]) {
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  }
  expect((await request.get("/api/workspaces")).headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("the dashboard hydrates and draws its chart under the CSP, with no violation reported", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content-Security-Policy|Content Security Policy/i.test(message.text()))
      violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Content-Security-Policy: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  // Hydrated: a control that only works with the client's code changes the URL.
  await page.getByLabel("Billing period").selectOption("previous");
  await expect(page).toHaveURL(/period=previous/);
  expect(violations).toEqual([]);
});
