import { beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { callRoute } from "../support/session";
import { cookieHeader, csrf, signInThroughRoute } from "../support/sign-in";
import { backend } from "../support/test-database";

beforeAll(() => seedDemoData());

type Handler = Parameters<typeof callRoute>[0];
const route = authRoute as unknown as Record<string, Handler>;
const form = { "content-type": "application/x-www-form-urlencoded" };

async function expectErrorBody(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  expect(response.headers.get("x-request-id")).toBeTruthy();
}

describe(`the next-auth route answers bad requests with the standard error body on ${backend}`, () => {
  it("POST callback/credentials with callbackUrl=x and no csrf token: 403, not next-auth's 'Invalid URL' 500", async () => {
    const response = await callRoute(route.POST!, "/api/auth/callback/credentials", {
      method: "POST",
      headers: form,
      body: "callbackUrl=x",
    });
    await expectErrorBody(response, 403, "forbidden");
  });

  it.each([
    ["x", "http://localhost:3000/workspaces"],
    ["/w/acme/billing?period=previous", "http://localhost:3000/w/acme/billing?period=previous"],
    ["https://evil.example/steal", "http://localhost:3000/workspaces"],
    ["/\\evil.example", "http://localhost:3000/workspaces"],
    ["http://localhost:3000/w/globex", "http://localhost:3000/w/globex"],
  ])("a signed-in callbackUrl=%s goes to %s", async (callbackUrl, location) => {
    const { response } = await signInThroughRoute(ACCOUNTS.admin, undefined, { fields: { callbackUrl } });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(location);
  });

  it("a callback-url cookie or query parameter that is not a URL is a safe redirect, not a 500", async () => {
    const response = await callRoute(route.GET!, "/api/auth/csrf", { headers: { cookie: "next-auth.callback-url=x" } });
    expect(response.status).toBe(200);
    const signin = await callRoute(route.GET!, "/api/auth/signin?callbackUrl=x");
    expect(signin.status).toBe(302);
    expect(signin.headers.get("location")).toBe("/signin?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fworkspaces");
  });

  it("GET callback/credentials: 405 with Allow: POST", async () => {
    const response = await callRoute(route.GET!, "/api/auth/callback/credentials");
    expect(response.headers.get("allow")).toBe("POST");
    await expectErrorBody(response, 405, "method_not_allowed");
  });

  it("invalid percent-encoding in the path: 400", async () => {
    await expectErrorBody(await callRoute(route.GET!, "/api/auth/%FF"), 400, "bad_request");
    await expectErrorBody(await callRoute(route.POST!, "/api/auth/callback/%E0%A4%A", { method: "POST" }), 400, "bad_request");
  });

  it.each(["PUT", "PATCH", "DELETE", "OPTIONS"])("%s anywhere under /api/auth: 405 with Allow", async (method) => {
    const response = await callRoute(route[method]!, "/api/auth/session", { method });
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
    await expectErrorBody(response, 405, "method_not_allowed");
  });

  it("POST to a read-only endpoint: 405 naming what it allows", async () => {
    const response = await callRoute(route.POST!, "/api/auth/csrf", { method: "POST" });
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    await expectErrorBody(response, 405, "method_not_allowed");
  });

  it.each(["/api/auth/nope", "/api/auth/callback/github", "/api/auth/signin/credentials/extra", "/api/auth"])("%s: 404", async (path) => {
    await expectErrorBody(await callRoute(route.GET!, path), 404, "not_found");
  });

  it("a body that is neither a form nor JSON: 415; malformed JSON: 400", async () => {
    const { csrfToken, cookies } = await csrf();
    const headers = { cookie: cookieHeader(cookies) };
    const xml = await callRoute(route.POST!, "/api/auth/callback/credentials", {
      method: "POST",
      headers: { ...headers, "content-type": "text/xml" },
      body: `<x>${csrfToken}</x>`,
    });
    await expectErrorBody(xml, 415, "unsupported_media_type");
    const json = await callRoute(route.POST!, "/api/auth/callback/credentials", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: "{",
    });
    await expectErrorBody(json, 400, "bad_request");
  });

  it("still serves next-auth's csrf, providers and session endpoints", async () => {
    expect((await callRoute(route.GET!, "/api/auth/providers")).status).toBe(200);
    expect(await (await callRoute(route.GET!, "/api/auth/session")).json()).toEqual({});
    const { csrfToken } = await csrf();
    expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
  });
});
