// The permission table of the foundation issue, per demo account and workspace, and a check
// that runs any endpoint against all of it: every role, own and foreign workspaces, signed out.
import { expect } from "vitest";
import { PERMISSIONS, type Permission } from "@/lib/access/permissions";
import { callRoute } from "./session";
import { ACCOUNTS, WORKSPACE_IDS, type AccountName } from "./demo";

export type Slug = keyof typeof WORKSPACE_IDS;
const ALL: Permission[] = [...PERMISSIONS];
const SUPPORT: Permission[] = ["usage:view", "anomalies:view", "anomalies:triage", "notifications:view"];

/** Anything not listed — foreign workspaces included — must be refused. */
export const EXPECTED: Record<AccountName, Partial<Record<Slug, Permission[]>>> = {
  admin: { acme: ALL, globex: ALL },
  finance: { acme: ["usage:view", "usage:export", "anomalies:view"] },
  member: { acme: [] },
  support: { acme: SUPPORT, globex: SUPPORT, initech: SUPPORT },
  initechOwner: { initech: ALL },
};

export function isAllowed(account: AccountName, slug: Slug, permission: Permission): boolean {
  return EXPECTED[account][slug]?.includes(permission) ?? false;
}

type Handler = Parameters<typeof callRoute>[0];

/**
 * Calls `handler` at `pathFor(workspaceId)` as each account on each workspace, and signed out.
 * Allowed calls must answer `okStatus`; refused ones 403 with the standard body; signed out 401.
 */
export async function expectRoleMatrix(
  handler: Handler,
  pathFor: (workspaceId: string) => string,
  permission: Permission,
  okStatus = 200,
): Promise<void> {
  const outcomes: string[] = [];
  const expected: string[] = [];
  for (const account of Object.keys(ACCOUNTS) as AccountName[]) {
    for (const slug of Object.keys(WORKSPACE_IDS) as Slug[]) {
      const response = await callRoute(handler, pathFor(WORKSPACE_IDS[slug]), { as: ACCOUNTS[account] });
      const allowed = isAllowed(account, slug, permission);
      outcomes.push(`${account}@${slug}:${response.status}`);
      expected.push(`${account}@${slug}:${allowed ? okStatus : 403}`);
      if (allowed) {
        await response.arrayBuffer(); // streamed bodies (CSV) must be read to the end
      } else {
        const body = await response.json();
        expect(body).toEqual({ error: { code: "forbidden", message: expect.any(String), details: expect.anything() } });
      }
    }
  }
  expect(outcomes).toEqual(expected);
  const signedOut = await callRoute(handler, pathFor(WORKSPACE_IDS.acme));
  expect(signedOut.status).toBe(401);
}
