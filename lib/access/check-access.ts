// The one check of "may this actor do X on these workspaces": the role's permission, and for a
// billing permission the billing-dashboard feature flag, which hides the feature from a
// workspace's own users as if it did not exist (docs/rollout.md). Route wrappers, pages, the app
// shell and the workspace lists all ask here; nothing else calls `can` for a workspace.
import "server-only";
import { ApiError } from "@/lib/errors/api-error";
import { flagState } from "@/lib/rollout/flag-store";
import { enabledRule, type FlagKey } from "@/lib/rollout/flags";
import type { Actor } from "./actor";
import { isBillingPermission, type BillingPermission, type Permission } from "./permissions";
import {
  listVisibleWorkspaces,
  requireAllPermittedWorkspaces,
  requireResourceAccess,
  requireWorkspacePermission,
  workspaceAccessBySlug,
  withoutWorkspaces,
  type SlugDenial,
  type WorkspaceAccess,
  type WorkspaceGrant,
} from "./workspace-access";

/** The feature every billing permission belongs to. */
export const BILLING_FEATURE = "billing-dashboard" satisfies FlagKey;
/** What is asked about: a list of ids (`?workspaceId=a,b`), a page's slug, `all`, or a resource's workspaces. */
export type WorkspacesAsked = { ids: readonly string[] } | { slug: string } | "all" | { resourceOf: readonly string[]; notFound: ApiError };

/**
 * Billing data outside the dashboard (the metering endpoints, docs/rollout.md): checked without the
 * flag on purpose, saying why where a reviewer sees it.
 */
export interface NotGated {
  notGated: string;
}

/** The metering endpoints answer whatever the flag says: the rollout hides the dashboard, not the pipeline. */
export const METERING_NOT_GATED: NotGated = {
  notGated: "metering diagnostics stay reachable while the dashboard is hidden (docs/rollout.md)",
};

/** A billing permission demands its feature, or an explicit NotGated (a type error otherwise); others may name one. */
export type PermissionAsked =
  | { permission: BillingPermission; feature: typeof BILLING_FEATURE | NotGated }
  | { permission: Exclude<Permission, BillingPermission>; feature?: FlagKey };

export type AccessAsked = { actor: Actor; workspaces: WorkspacesAsked } & PermissionAsked;

/**
 * Why access was refused, for pages, which explain instead of answering with a status: the
 * feature is hidden from the actor's own workspace (404), the actor cannot see the workspace, or
 * their role lacks the permission (403).
 */
export class AccessRefused extends ApiError {
  constructor(
    readonly reason: "hidden" | SlugDenial,
    error: ApiError,
  ) {
    super(error.code, error.message, error.details);
  }
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Checks `permission` (and `feature`, staff aside) on the workspaces asked for, with the API's
 * semantics: a hidden workspace of the actor's own is not found (404) whatever their role; a
 * foreign or unknown one is forbidden (403), so the flag tells outsiders nothing; `all` leaves
 * hidden ones out (403 when none remain); a resource of a hidden workspace is not found.
 */
export async function checkAccess(asked: AccessAsked): Promise<WorkspaceAccess> {
  const { actor, workspaces, permission } = asked;
  const feature = featureOf(asked);
  if (workspaces === "all") {
    const access = await requireAllPermittedWorkspaces(actor, permission);
    if (!feature) return access;
    const hidden = await hiddenWorkspaceIds(actor, feature, access.scope.workspaceIds, access.scope.key);
    return hidden.size === 0 ? access : withoutWorkspaces(access, hidden, feature);
  }
  if ("resourceOf" in workspaces) {
    const ids = workspaces.resourceOf;
    if (feature && (await hiddenWorkspaceIds(actor, feature, ids)).size > 0) throw workspaces.notFound;
    return requireResourceAccess(actor, ids, permission, workspaces.notFound);
  }
  if ("slug" in workspaces) return checkSlug(actor, workspaces.slug, permission, feature);
  if (feature) await refuseOwnHidden(actor, feature, workspaces.ids);
  return requireWorkspacePermission(actor, workspaces.ids, permission);
}

/**
 * The feature `asked` is gated by. The types demand one for billing permissions; this also stops a
 * cast or an options object built elsewhere from skipping the flag (a programming error: 500).
 */
export function featureOf(asked: PermissionAsked): FlagKey | undefined {
  const feature: FlagKey | NotGated | undefined = asked.feature;
  if (isBillingPermission(asked.permission) && feature === undefined) {
    throw new Error(`${asked.permission} is a billing permission: check it with the ${BILLING_FEATURE} feature (or say why not)`);
  }
  return typeof feature === "string" ? feature : undefined;
}

const hiddenWorkspace = (id: string) => new ApiError("not_found", `No workspace ${id}.`);

const forbiddenSlug = (slug: string, permission: Permission) =>
  new ApiError("forbidden", `You do not have ${permission} permission on workspace ${slug}.`, { workspace: slug, permission });

// One lookup: the actor's grant on the slug's workspace. Hidden from its own members whatever
// their role, so the flag is looked at before the role.
async function checkSlug(actor: Actor, slug: string, permission: Permission, feature: FlagKey | undefined): Promise<WorkspaceAccess> {
  const found = await workspaceAccessBySlug(actor, slug, permission);
  if (feature && found.grant && (await featureHidden(actor, feature, found.grant.workspace.id))) {
    throw new AccessRefused("hidden", hiddenWorkspace(slug));
  }
  if (!found.ok) throw new AccessRefused(found.reason, forbiddenSlug(slug, permission));
  return found.access;
}

/**
 * Before the permission check of `?workspaceId=a,b`: 404 when the actor belongs to a workspace asked
 * for whose feature is hidden (their role is not looked at). A hidden workspace they do not belong
 * to is left to the permission check, which refuses it like any unknown id.
 */
async function refuseOwnHidden(actor: Actor, feature: FlagKey, workspaceIds: readonly string[]): Promise<void> {
  const hidden = await hiddenWorkspaceIds(actor, feature, workspaceIds);
  if (hidden.size === 0) return;
  const own = (await listVisibleWorkspaces(actor)).find((g) => hidden.has(g.workspace.id));
  if (own) throw hiddenWorkspace(own.workspace.id);
}

// What a feature hides among a large list, kept by the list's key: a scope's key or the actor's
// visible list, both labelled with the access revision, which every flag change moves too.
const hiddenByList = new Map<string, ReadonlySet<string>>();
const HIDDEN_KEPT = 1024;

/** The ids among `workspaceIds` whose feature the actor may not see (none for staff). */
async function hiddenWorkspaceIds(
  actor: Actor,
  feature: FlagKey,
  workspaceIds: readonly string[],
  listKey?: string,
): Promise<ReadonlySet<string>> {
  if (actor.staffRole !== null) return NONE;
  const state = await flagState(feature, actor.accessRevision);
  if (state.mode === "on" && state.denyIds.length === 0) return NONE;
  const key = listKey && `${feature}\u0000${listKey}`;
  const kept = key ? hiddenByList.get(key) : undefined;
  if (kept) return kept;
  const enabled = enabledRule(state);
  const hidden = new Set(workspaceIds.filter((id) => !enabled(id)));
  if (key) {
    hiddenByList.set(key, hidden);
    if (hiddenByList.size > HIDDEN_KEPT) hiddenByList.delete(hiddenByList.keys().next().value!);
  }
  return hidden;
}

/** Whether `feature` is hidden from the actor on their workspace (an overview page's links). */
export async function featureHidden(actor: Actor, feature: FlagKey, workspaceId: string): Promise<boolean> {
  return (await hiddenWorkspaceIds(actor, feature, [workspaceId])).size > 0;
}

/** Every workspace the actor may see; which of them hide the billing dashboard; those whose usage they may view. */
export interface VisibleWorkspaces {
  grants: readonly WorkspaceGrant[];
  hidden: ReadonlySet<string>;
  /** `checkAccess` of `all` for usage:view with the billing feature, or none (where that is a 403). */
  usageViewable: readonly WorkspaceGrant[];
}

/** For lists (the workspace list and page, the switcher, page titles). */
export async function listVisibleWithBilling(actor: Actor): Promise<VisibleWorkspaces> {
  const grants = await listVisibleWorkspaces(actor);
  const listKey = `${actor.accessRevision}\u0000${actor.id}\u0000${actor.staffRole ?? ""}`;
  const hidden = await hiddenWorkspaceIds(
    actor,
    BILLING_FEATURE,
    grants.map((g) => g.workspace.id),
    listKey,
  );
  return { grants, hidden, usageViewable: await grantsAllowing(actor, "usage:view") };
}

/** Every workspace where the actor may use a billing permission (the flag included); none is an empty list. */
export async function grantsAllowing(actor: Actor, permission: BillingPermission): Promise<readonly WorkspaceGrant[]> {
  try {
    return (await checkAccess({ actor, workspaces: "all", permission, feature: BILLING_FEATURE })).grants;
  } catch (error) {
    if (error instanceof ApiError && error.code === "forbidden") return [];
    throw error;
  }
}
