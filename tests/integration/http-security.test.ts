// Issue 24: what a browser on another site, an oversized body and an unrouted method get.
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DELETE as deleteBudget, PUT as putBudget } from "@/app/api/billing/budget/route";
import { OPTIONS as workspacesOptions } from "@/app/api/workspaces/route";
import { ORIGINAL_METHOD_HEADER } from "@/lib/api/entry-headers";
import { MAX_JSON_BODY_BYTES, withWorkspace } from "@/lib/api/route";
import { ACCOUNTS, seedDemoData, WORKSPACE_IDS } from "../support/demo";
import { event, postEvents } from "../support/metering";
import { callRoute, sessionCookieFor } from "../support/session";
import { backend } from "../support/test-database";

beforeAll(() => seedDemoData());

async function expectErrorBody(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toEqual({
    error: { code, message: expect.any(String), ...(body.error.details !== undefined && { details: expect.anything() }) },
  });
  return body.error as { code: string; message: string };
}

const budgetPath = `/api/billing/budget?workspaceId=${WORKSPACE_IDS.acme}`;
const setBudget = (headers: Record<string, string>) =>
  callRoute(putBudget, budgetPath, {
    as: ACCOUNTS.admin,
    method: "PUT",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ amount: "1000", thresholds: [80, 100] }),
  });

describe(`cross-site writes with the session cookie on ${backend}`, () => {
  it("refuses a foreign Origin even when Sec-Fetch-Site is absent or claims same-origin", async () => {
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "https://evil.example", "sec-fetch-site": "same-origin" },
      { origin: "null" },
    ];
    for (const headers of foreign) {
      await expectErrorBody(await setBudget(headers), 403, "forbidden");
    }
    await expectErrorBody(
      await callRoute(deleteBudget, budgetPath, { as: ACCOUNTS.admin, method: "DELETE", headers: { origin: "http://localhost:3001" } }),
      403,
      "forbidden",
    );
  });

  it("refuses Sec-Fetch-Site: cross-site with no Origin", async () => {
    await expectErrorBody(await setBudget({ "sec-fetch-site": "cross-site" }), 403, "forbidden");
  });

  it("accepts this site's own Origin, and an API client that sends none", async () => {
    expect((await setBudget({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await setBudget({})).status).toBe(200);
  });

  it("leaves bearer-token requests (ingest) alone, whatever their Origin", async () => {
    const response = await postEvents([event()], { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(202);
  });
});

describe(`JSON bodies past the limit on ${backend}`, () => {
  const note = withWorkspace(
    { permission: "anomalies:triage", feature: "billing-dashboard", body: z.object({ note: z.string() }) },
    async ({ body }) => Response.json({ length: body.note.length }),
  );
  const big = JSON.stringify({ note: "x".repeat(MAX_JSON_BODY_BYTES) });
  const send = (method: string, body: BodyInit) =>
    callRoute(note, `/x?workspaceId=${WORKSPACE_IDS.acme}`, {
      as: ACCOUNTS.admin,
      method,
      headers: { "content-type": "application/json" },
      body,
    });

  it("answers 413 with the standard body, whether the length is declared or the body is streamed", async () => {
    for (const method of ["PUT", "PATCH", "POST"]) {
      const message = (await expectErrorBody(await send(method, big), 413, "payload_too_large")).message;
      expect(message).toBe("The body must be at most 1 MiB.");
    }
    const streamed = new Blob([big]).stream();
    const request = new Request(`http://localhost:3000/x?workspaceId=${WORKSPACE_IDS.acme}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", cookie: await sessionCookieFor(ACCOUNTS.admin) },
      body: streamed,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    await expectErrorBody(await note(request, { params: Promise.resolve({}) }), 413, "payload_too_large");
  });

  it("still takes a body just under the limit", async () => {
    const fits = JSON.stringify({ note: "x".repeat(MAX_JSON_BODY_BYTES - 20) });
    expect(await (await send("PUT", fits)).json()).toEqual({ length: MAX_JSON_BODY_BYTES - 20 });
  });
});

describe("methods Next does not route", () => {
  it("answers PROPFIND, QUERY and LINK (carried as OPTIONS) with 405 naming them and Allow", async () => {
    for (const method of ["PROPFIND", "QUERY", "LINK", "get"]) {
      const response = await callRoute(workspacesOptions, "/api/workspaces", {
        method: "OPTIONS",
        headers: { [ORIGINAL_METHOD_HEADER]: method },
      });
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      expect(response.headers.get("x-request-id")).toBeTruthy();
      expect((await expectErrorBody(response, 405, "method_not_allowed")).message).toBe(`${method} is not supported here; use GET, HEAD.`);
    }
  });
});
