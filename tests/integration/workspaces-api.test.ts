import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/workspaces/route";
import { errorBodySchema } from "@/lib/api/error-response";
import { workspacesResponseSchema } from "@/lib/workspaces/workspace-response";
import { backend } from "../support/test-database";
import { callRoute } from "../support/session";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";

beforeAll(() => seedDemoData());

describe(`GET /api/workspaces on ${backend}`, () => {
  it("answers 401 with the standard error body when not signed in", async () => {
    const response = await callRoute(GET, "/api/workspaces");
    expect(response.status).toBe(401);
    expect(parseDocumented(errorBodySchema, await response.json())).toEqual({
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
    expect(parseDocumented(workspacesResponseSchema, await response.json())).toEqual({
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
          billingDashboard: true,
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

  it("answers with its own request id, whatever the caller sent", async () => {
    const response = await callRoute(GET, "/api/workspaces", {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": "trace-abc-123" },
    });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("answers exactly as before when no query parameter is given: no total, every visible workspace", async () => {
    const body = await (await callRoute(GET, "/api/workspaces", { as: ACCOUNTS.admin })).json();
    expect(Object.keys(body)).toEqual(["workspaces"]);
    expect(body.workspaces.map((w: { slug: string }) => w.slug)).toEqual(["acme", "globex"]);
    expect(Object.keys(body.workspaces[0]).sort()).toEqual([
      "billingAnchorDay",
      "billingDashboard",
      "currency",
      "id",
      "name",
      "permissions",
      "role",
      "slug",
      "timeZone",
    ]);
  });
});

type Listed = { workspaces: { slug: string; role: string; permissions: string[] }[]; total?: number };

async function listAs(email: string, query: string): Promise<Listed> {
  const response = await callRoute(GET, `/api/workspaces?${query}`, { as: email });
  expect(response.status).toBe(200);
  return (await response.json()) as Listed;
}

const slugsOf = (body: Listed) => body.workspaces.map((w) => w.slug);

describe(`GET /api/workspaces?search=&permission=&limit= on ${backend}`, () => {
  it("searches names and slugs, case-insensitively, ignoring surrounding spaces", async () => {
    expect(slugsOf(await listAs(ACCOUNTS.support, "search=GMBH"))).toEqual(["globex"]); // name "Globex GmbH"
    expect(slugsOf(await listAs(ACCOUNTS.support, "search=%20InItEcH%20"))).toEqual(["initech"]);
    expect(slugsOf(await listAs(ACCOUNTS.support, "search=corp"))).toEqual(["acme"]); // name "Acme Corp", slug acme
    expect(slugsOf(await listAs(ACCOUNTS.support, "search=e"))).toEqual(["acme", "globex", "initech"]);
    expect(slugsOf(await listAs(ACCOUNTS.support, "search="))).toEqual(["acme", "globex", "initech"]);
    expect(await listAs(ACCOUNTS.support, "search=nothing-like-it")).toEqual({ workspaces: [] });
  });

  it("lists only workspaces where the caller holds the permission", async () => {
    expect(await listAs(ACCOUNTS.member, "permission=usage:view")).toEqual({ workspaces: [] });
    expect(slugsOf(await listAs(ACCOUNTS.member, "permission=usage:view&search="))).toEqual([]);
    const support = await listAs(ACCOUNTS.support, "permission=usage:view");
    expect(support.workspaces.map((w) => `${w.slug}:${w.role}`)).toEqual(["acme:SUPPORT", "globex:SUPPORT", "initech:SUPPORT"]);
    expect(await listAs(ACCOUNTS.support, "permission=usage:export")).toEqual({ workspaces: [] });
    expect(slugsOf(await listAs(ACCOUNTS.admin, "permission=audit:view&search=acme"))).toEqual(["acme"]);
    expect(slugsOf(await listAs(ACCOUNTS.finance, "permission=usage:export"))).toEqual(["acme"]);
  });

  it("limits the list, keeps the order by name, and then tells the number of matches", async () => {
    expect(await listAs(ACCOUNTS.support, "limit=2").then((b) => [slugsOf(b), b.total])).toEqual([["acme", "globex"], 3]);
    expect(await listAs(ACCOUNTS.support, "limit=100&search=ex").then((b) => [slugsOf(b), b.total])).toEqual([["globex"], 1]);
    expect(await listAs(ACCOUNTS.support, "limit=1&search=zzz")).toEqual({ workspaces: [], total: 0 });
    expect(await listAs(ACCOUNTS.member, "limit=5&permission=usage:view")).toEqual({ workspaces: [], total: 0 });
    const full = await listAs(ACCOUNTS.finance, "limit=1&search=acme&permission=usage:view");
    parseDocumented(workspacesResponseSchema, full);
    expect(full.total).toBe(1);
    expect(full.workspaces[0]).toMatchObject({
      id: "ws_acme",
      slug: "acme",
      role: "FINANCE",
      permissions: ["usage:view", "usage:export", "anomalies:view"],
    });
  });

  it("never finds another tenant's workspace", async () => {
    expect(await listAs(ACCOUNTS.initechOwner, "search=acme&limit=100")).toEqual({ workspaces: [], total: 0 });
    expect(await listAs(ACCOUNTS.initechOwner, "search=globex")).toEqual({ workspaces: [] });
    expect(slugsOf(await listAs(ACCOUNTS.initechOwner, "search=&permission=usage:view&limit=100"))).toEqual(["initech"]);
    expect(slugsOf(await listAs(ACCOUNTS.finance, "search=e&limit=100"))).toEqual(["acme"]);
    expect(slugsOf(await listAs(ACCOUNTS.admin, "search=initech"))).toEqual([]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=2.5", "limit"],
    ["limit=ten", "limit"],
    ["limit=", "limit"],
    ["permission=usage:delete", "permission"],
    ["permission=", "permission"],
    [`search=${"x".repeat(101)}`, "search"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const response = await callRoute(GET, `/api/workspaces?${query}`, { as: ACCOUNTS.admin });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "bad_request", message: expect.stringContaining(field) });
    expect(body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
  });

  it("accepts a search of 100 characters, not counting surrounding spaces", async () => {
    expect(await listAs(ACCOUNTS.admin, `search=${encodeURIComponent(` ${"x".repeat(100)} `)}`)).toEqual({ workspaces: [] });
  });

  it("answers 401 to a signed-out search, before looking at the query", async () => {
    const response = await callRoute(GET, "/api/workspaces?search=acme&limit=999");
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthenticated");
  });
});
