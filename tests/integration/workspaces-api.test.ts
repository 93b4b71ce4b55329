import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/workspaces/route";
import { backend } from "../support/test-database";
import { callRoute } from "../support/session";
import { ACCOUNTS, seedDemoData } from "../support/demo";

beforeAll(() => seedDemoData());

describe(`GET /api/workspaces on ${backend}`, () => {
  it("answers 401 with the standard error body when not signed in", async () => {
    const response = await callRoute(GET, "/api/workspaces");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "unauthenticated", message: expect.any(String) },
    });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers 401 for a forged session cookie", async () => {
    const response = await callRoute(GET, "/api/workspaces", {
      headers: { cookie: "next-auth.session-token=not-a-real-token" },
    });
    expect(response.status).toBe(401);
  });

  it("lists the caller's workspaces with role and permissions", async () => {
    const response = await callRoute(GET, "/api/workspaces", { as: ACCOUNTS.finance });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      workspaces: [
        {
          id: "ws_acme",
          slug: "acme",
          name: "Acme Corp",
          timeZone: "America/New_York",
          currency: "USD",
          billingAnchorDay: 1,
          role: "FINANCE",
          permissions: ["usage:view", "usage:export", "anomalies:view"],
        },
      ],
    });
  });

  it.each([
    [ACCOUNTS.admin, ["acme:ADMIN", "globex:ADMIN"]],
    [ACCOUNTS.member, ["acme:MEMBER"]],
    [ACCOUNTS.support, ["acme:SUPPORT", "globex:SUPPORT", "initech:SUPPORT"]],
    [ACCOUNTS.initechOwner, ["initech:ADMIN"]],
  ])("shows %s only their own workspaces", async (email, expected) => {
    const body = (await (await callRoute(GET, "/api/workspaces", { as: email })).json()) as {
      workspaces: { slug: string; role: string }[];
    };
    expect(body.workspaces.map((w) => `${w.slug}:${w.role}`)).toEqual(expected);
  });

  it("keeps a caller-supplied request id for tracing", async () => {
    const response = await callRoute(GET, "/api/workspaces", {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": "trace-abc-123" },
    });
    expect(response.headers.get("x-request-id")).toBe("trace-abc-123");
  });
});
