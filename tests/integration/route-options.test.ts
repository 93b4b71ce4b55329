// The route wrapper's body schema and resource-by-id options, on throwaway routes: what a future
// `PATCH /api/billing/anomalies/{id}` gets without writing a check of its own.
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ResourceById } from "@/lib/access/resource-by-id";
import { withWorkspace } from "@/lib/api/route";
import { ACCOUNTS, seedDemoData, WORKSPACE_IDS } from "../support/demo";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

beforeAll(() => seedDemoData());

async function expectErrorBody(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toEqual({
    error: { code, message: expect.any(String), ...(body.error.details !== undefined && { details: expect.anything() }) },
  });
  return body.error as { code: string; message: string; details?: { field: string; message: string }[] };
}

const note = withWorkspace(
  { permission: "anomalies:triage", feature: "billing-dashboard", body: z.object({ note: z.string().min(1).max(20) }) },
  async ({ body, access }) => Response.json({ note: body.note, workspaceIds: access.scope.workspaceIds }),
);
const post = (path: string, as: string | null, body: string, type = "application/json") =>
  callRoute(note, path, { as, method: "POST", headers: { "content-type": type }, body });

describe("the route wrapper's feature", () => {
  it("refuses, when the route is made, a billing permission without the billing-dashboard feature (or a reason)", () => {
    const handler = async () => new Response();
    expect(() => withWorkspace({ permission: "usage:view" } as never, handler)).toThrow(/billing permission/);
    expect(() => withWorkspace({ permission: "audit:view" }, handler)).not.toThrow();
    expect(() => withWorkspace({ permission: "usage:view", feature: { notGated: "metering" } }, handler)).not.toThrow();
  });
});

describe(`the route wrapper's JSON body on ${backend}`, () => {
  it("hands the handler the parsed body", async () => {
    const response = await post(`/x?workspaceId=${WORKSPACE_IDS.acme}`, ACCOUNTS.admin, JSON.stringify({ note: "looked at it" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ note: "looked at it", workspaceIds: [WORKSPACE_IDS.acme] });
  });

  it("answers a body the schema refuses with 400 naming the fields, malformed JSON with 400, another type with 415", async () => {
    const refused = await expectErrorBody(
      await post(`/x?workspaceId=${WORKSPACE_IDS.acme}`, ACCOUNTS.admin, JSON.stringify({ note: "" })),
      400,
      "bad_request",
    );
    expect(refused.details).toEqual([{ field: "note", message: expect.any(String) }]);
    expect(refused.message).toMatch(/^Invalid body: note /);
    await expectErrorBody(await post(`/x?workspaceId=${WORKSPACE_IDS.acme}`, ACCOUNTS.admin, "{not json"), 400, "bad_request");
    await expectErrorBody(
      await post(`/x?workspaceId=${WORKSPACE_IDS.acme}`, ACCOUNTS.admin, "note=x", "application/x-www-form-urlencoded"),
      415,
      "unsupported_media_type",
    );
    const charset = await post(
      `/x?workspaceId=${WORKSPACE_IDS.acme}`,
      ACCOUNTS.admin,
      JSON.stringify({ note: "ok" }),
      "application/json; charset=utf-8",
    );
    expect(charset.status).toBe(200);
  });

  it("checks who asks before the body: 401 signed out, 403 without the permission", async () => {
    await expectErrorBody(await post(`/x?workspaceId=${WORKSPACE_IDS.acme}`, null, "{not json"), 401, "unauthenticated");
    await expectErrorBody(
      await post(`/x?workspaceId=${WORKSPACE_IDS.acme}`, ACCOUNTS.finance, JSON.stringify({ note: "x" })),
      403,
      "forbidden",
    );
  });
});

interface Thing {
  id: string;
  workspaceIds: string[];
}
const THINGS: Record<string, Thing> = {
  acme: { id: "acme", workspaceIds: [WORKSPACE_IDS.acme] },
  initech: { id: "initech", workspaceIds: [WORKSPACE_IDS.initech] },
  both: { id: "both", workspaceIds: [WORKSPACE_IDS.acme, WORKSPACE_IDS.initech] },
};
const thingById: ResourceById<Thing> = {
  param: "id",
  name: "thing",
  find: async (id) => THINGS[id] ?? null,
  workspaceIds: (t) => t.workspaceIds,
};
const thing = withWorkspace(
  { permission: "anomalies:triage", feature: "billing-dashboard", resource: thingById },
  async ({ resource, access }) => Response.json({ id: resource.id, workspaceIds: access.scope.workspaceIds }),
);
const get = (id: string, as: string | null) => callRoute(thing, `/things/${id}`, { as }, { id });

describe(`the route wrapper's resource by id on ${backend}`, () => {
  it("hands the handler the resource and access scoped to its workspaces", async () => {
    const response = await get("acme", ACCOUNTS.admin);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "acme", workspaceIds: [WORKSPACE_IDS.acme] });
  });

  it("answers a foreign id exactly like an unknown one: 404", async () => {
    const foreign = await expectErrorBody(await get("initech", ACCOUNTS.admin), 404, "not_found");
    const partly = await expectErrorBody(await get("both", ACCOUNTS.admin), 404, "not_found");
    const unknown = await expectErrorBody(await get("nope", ACCOUNTS.admin), 404, "not_found");
    expect([foreign.message, partly.message, unknown.message]).toEqual(["No thing initech.", "No thing both.", "No thing nope."]);
  });

  it("is 403 for a visible resource without the permission, and 401 signed out", async () => {
    await expectErrorBody(await get("acme", ACCOUNTS.finance), 403, "forbidden");
    await expectErrorBody(await get("acme", ACCOUNTS.member), 403, "forbidden");
    await expectErrorBody(await get("acme", null), 401, "unauthenticated");
    // Staff see every workspace and may triage: no 404 for them.
    expect((await get("both", ACCOUNTS.support)).status).toBe(200);
  });
});
