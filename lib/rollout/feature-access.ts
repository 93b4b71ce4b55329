// The rollout gate on top of the access helper, for route handlers and pages alike. A workspace the
// feature is hidden from is "not found" to its own users, whatever their role; to everyone else it
// stays what any foreign id is (403 in a list, 404 by resource id), so the flag tells outsiders
// nothing. Staff are never gated (docs/rollout.md).
import "server-only";
import type { Actor } from "@/lib/access/actor";
import { findWorkspaceGrantBySlug, listVisibleWorkspaces, withoutWorkspaces, type WorkspaceAccess } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/errors/api-error";
import { flagState } from "./flag-store";
import { visibleTo, type FlagKey, type FlagState } from "./flags";

const NONE: ReadonlySet<string> = new Set();

// Per id list and flag state: a scope's list is the same array while the access revision holds
// (lib/access/workspace-access.ts), and so is the state, so `all` hashes its workspaces once.
const hiddenByList = new WeakMap<readonly string[], { state: FlagState; hidden: ReadonlySet<string> }>();

/** The ids among `workspaceIds` whose feature the actor may not see. */
export async function hiddenWorkspaceIds(actor: Actor, key: FlagKey, workspaceIds: readonly string[]): Promise<ReadonlySet<string>> {
  if (actor.staffRole !== null) return NONE;
  const state = await flagState(key, actor.accessRevision);
  if (state.mode === "on" && state.denyIds.length === 0) return NONE;
  const kept = hiddenByList.get(workspaceIds);
  if (kept?.state === state) return kept.hidden;
  const hidden = new Set(workspaceIds.filter((id) => !visibleTo(state, id, actor)));
  hiddenByList.set(workspaceIds, { state, hidden });
  return hidden;
}

export const hiddenWorkspace = (id: string) => new ApiError("not_found", `No workspace ${id}.`);

/**
 * Before the permission check of `?workspaceId=a,b`: 404 when the actor belongs to a workspace asked
 * for whose feature is hidden (their role is not looked at). A hidden workspace they do not belong
 * to is left to the permission check, which refuses it like any unknown id.
 */
export async function refuseHiddenWorkspaces(actor: Actor, key: FlagKey, workspaceIds: readonly string[]): Promise<void> {
  const hidden = await hiddenWorkspaceIds(actor, key, workspaceIds);
  if (hidden.size === 0) return;
  const own = (await listVisibleWorkspaces(actor)).find((g) => hidden.has(g.workspace.id));
  if (own) throw hiddenWorkspace(own.workspace.id);
}

/** `?workspaceId=all`: the hidden workspaces are left out; 403 when none remain, as with none at all. */
export async function withoutHiddenWorkspaces(access: WorkspaceAccess, key: FlagKey): Promise<WorkspaceAccess> {
  const hidden = await hiddenWorkspaceIds(access.actor, key, access.scope.workspaceIds);
  return hidden.size === 0 ? access : withoutWorkspaces(access, hidden);
}

/** For pages, by slug: whether the actor belongs to the workspace and its feature is hidden from them. */
export async function hiddenFromMemberBySlug(actor: Actor, key: FlagKey, slug: string): Promise<boolean> {
  if (actor.staffRole !== null) return false;
  const state = await flagState(key, actor.accessRevision);
  if (state.mode === "on" && state.denyIds.length === 0) return false;
  const grant = await findWorkspaceGrantBySlug(actor, slug);
  return grant !== null && !visibleTo(state, grant.workspace.id, actor);
}
