import { z } from "zod";
import { can, isBillingPermission, PERMISSIONS, type WorkspaceRole } from "@/lib/access/permissions";
import { workspaceMatcher } from "./workspace-match";

/** `GET /api/workspaces` query: every parameter optional; none at all lists every visible workspace. */
export const workspacesQuery = z.object({
  search: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe("Case-insensitive part of the workspace's name or slug (surrounding spaces ignored; empty matches all)"),
  permission: z.enum(PERMISSIONS).optional().describe("Only workspaces where the caller holds this permission"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe("At most this many workspaces; the answer then also has `total`, the number of matches"),
});

export type WorkspacesQuery = z.output<typeof workspacesQuery>;

/**
 * The grants matching `query`, in the order given (the visible list's: by name, then id), at most
 * `limit` of them, and how many matched in all. The search is a case-insensitive substring of
 * the name or the slug; an empty search matches everything.
 */
export function matchWorkspaces<G extends { workspace: { id: string; name: string; slug: string }; role: WorkspaceRole }>(
  grants: readonly G[],
  { search, permission, limit }: WorkspacesQuery,
  billingHidden: ReadonlySet<string> = new Set(),
): { matches: G[]; total: number } {
  const matches = workspaceMatcher(search);
  // A billing permission is not held where the billing dashboard is hidden (lib/access/check-access.ts).
  const holds = (workspace: G["workspace"], role: WorkspaceRole) =>
    !permission || (can(role, permission) && !(isBillingPermission(permission) && billingHidden.has(workspace.id)));
  const matching = grants.filter(({ workspace, role }) => holds(workspace, role) && matches(workspace));
  return { matches: limit === undefined ? matching : matching.slice(0, limit), total: matching.length };
}
