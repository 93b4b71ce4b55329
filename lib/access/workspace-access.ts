// The access helper: actor → workspace → role → permission. Every tenant-scoped read or write
// starts from a WorkspaceScope, which only this module can create, so a query cannot be scoped
// to a workspace nobody checked.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { ApiError } from "@/lib/errors/api-error";
import { noteWorkspaces } from "@/lib/observability/request-log";
import { Prisma, systemDatabase } from "@/lib/db";
import type { Workspace } from "@/lib/db/generated/client";
import { SCOPED_SQL_MARK } from "@/lib/db/tenant-guard";
import type { Actor } from "./actor";
import { can, type Permission, type WorkspaceRole } from "./permissions";

declare const checked: unique symbol;
declare const scopeKeyBrand: unique symbol;

/**
 * A scope's identity as a value: the access revision it was checked under and a digest of its ids
 * in order. What a scope's workspaces decide (names, billing cycles) is fixed by it, so per-scope
 * caches elsewhere key by it instead of relying on being handed the same object again.
 */
export type ScopeKey = string & { readonly [scopeKeyBrand]: true };

/** Workspace ids the actor was verified to hold a permission on. */
export interface WorkspaceScope {
  readonly [checked]: true;
  readonly workspaceIds: readonly string[];
  readonly permission: Permission;
  /**
   * Platform staff's `workspaceId=all`: every workspace there is (staff see all of them), so
   * hand-written SQL needs no list of ids to be scoped (`scopedSql`). Never set on any other scope.
   */
  readonly everyWorkspace: boolean;
  readonly key: ScopeKey;
  /** The ids as a set, for membership tests over large scopes. */
  readonly idSet: ReadonlySet<string>;
}

export interface WorkspaceGrant {
  workspace: Workspace;
  role: WorkspaceRole;
}

export interface WorkspaceAccess {
  actor: Actor;
  /** The workspaces asked for, in the order asked, each with the actor's role. */
  grants: WorkspaceGrant[];
  scope: WorkspaceScope;
  /** Asked as `workspaceId=all`: every workspace the actor holds the permission on. */
  allVisible: boolean;
}

// Lookups are kept per actor, labelled with the access revision read with the actor, before the
// lookup. The revision moves in the same transaction as any change to Membership or Workspace, so
// an entry is used only while nothing it depends on has changed; a label older than its data
// merely costs one more lookup. Every API request checks access, and an admin of thousands of
// workspaces would otherwise parse thousands of rows on every request.
class RevisionLabelled<T> {
  private readonly entries = new Map<string, { revision: string; value: T }>();
  constructor(private readonly capacity: number) {}

  async get(key: string, actor: Actor, lookup: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached?.revision === actor.accessRevision) return cached.value;
    const value = await lookup();
    this.entries.delete(key);
    this.entries.set(key, { revision: actor.accessRevision, value });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

const visibleByActor = new RevisionLabelled<WorkspaceGrant[]>(256);
const grantsByIds = new RevisionLabelled<ReadonlyMap<string, WorkspaceGrant>>(2048);
/** The checked accesses worked out from those lookups: by the lookup's key and the permission. */
const accessByAsk = new RevisionLabelled<WorkspaceAccess>(4096);
/** Longer id lists are looked up every time: a bound on what the kept lookups can hold. */
const KEPT_ID_LIST = 20;

const actorKey = (actor: Actor) => `${actor.id}\u0000${actor.staffRole ?? ""}`;

/** Every workspace the actor may see, with their role, by name: staff see all of them as SUPPORT. */
export async function listVisibleWorkspaces(actor: Actor): Promise<WorkspaceGrant[]> {
  return visibleByActor.get(actorKey(actor), actor, async () => Object.freeze(await unsafeFindGrants(actor, "all")) as WorkspaceGrant[]);
}

// Every column of Workspace, checked against the model: a new column fails to compile here.
const WORKSPACE_COLUMNS = {
  id: true,
  slug: true,
  name: true,
  timeZone: true,
  currency: true,
  locale: true,
  billingAnchorDay: true,
  createdAt: true,
  updatedAt: true,
} satisfies Record<keyof Workspace, true>;
const workspaceColumns = Prisma.raw(
  Object.keys(WORKSPACE_COLUMNS)
    .map((column) => `w."${column}"`)
    .join(", "),
);

/**
 * The actor's grants on the workspaces matching `where`, by name. Every API request runs it, so it
 * is hot-path SQL (Database.query): a Prisma model query with an include cost about 1 ms of CPU
 * for one workspace, and far more for an admin of thousands. Unscoped by necessity (system
 * handle): it is the lookup scopes are made from, filtered by the actor instead.
 */
async function unsafeFindGrants(actor: Actor, where: { ids: string[] } | { slug: string } | "all"): Promise<WorkspaceGrant[]> {
  const match =
    where === "all" ? Prisma.sql`true` : "ids" in where ? Prisma.sql`w.id = ANY(${where.ids}::text[])` : Prisma.sql`w.slug = ${where.slug}`;
  if (actor.staffRole === "SUPPORT") {
    const workspaces = await systemDatabase().query<Workspace>(Prisma.sql`
      SELECT ${workspaceColumns} FROM "Workspace" w WHERE ${match} ORDER BY w.name, w.id`);
    return workspaces.map((workspace) => ({ workspace, role: "SUPPORT" as const }));
  }
  const rows = await systemDatabase().query<Workspace & { role: WorkspaceRole }>(Prisma.sql`
    SELECT ${workspaceColumns}, m.role::text AS role
      FROM "Membership" m JOIN "Workspace" w ON w.id = m."workspaceId"
     WHERE m."userId" = ${actor.id} AND ${match}
     ORDER BY w.name, w.id`);
  return rows.map(({ role, ...workspace }) => ({ workspace, role }));
}

function forbidden(workspace: string, permission: Permission): ApiError {
  return new ApiError("forbidden", `You do not have ${permission} permission on workspace ${workspace}.`, {
    workspace,
    permission,
  });
}

function grant(
  actor: Actor,
  grants: WorkspaceGrant[],
  permission: Permission,
  allVisible = false,
  everyWorkspace = false,
): WorkspaceAccess {
  const workspaceIds = Object.freeze(grants.map((g) => g.workspace.id));
  const key = scopeKey(actor, workspaceIds);
  const scope = { workspaceIds, permission, everyWorkspace, key, idSet: new Set(workspaceIds) } as unknown as WorkspaceScope;
  noteWorkspaces(scope.workspaceIds);
  return { actor, grants, scope, allVisible };
}

// The system's own accesses carry no revision: each gets a key of its own, so nothing kept for one
// is ever taken for another.
function scopeKey(actor: Actor, workspaceIds: readonly string[]): ScopeKey {
  if (actor === SYSTEM_ACTOR) return `system:${randomUUID()}` as ScopeKey;
  const digest = createHash("sha256").update(workspaceIds.join("\u0000")).digest("base64url");
  return `${actor.accessRevision}:${digest}` as ScopeKey;
}

/**
 * Checks `permission` on every workspace id given. Unknown and foreign workspaces are refused
 * exactly like permitted-but-insufficient ones (403), so ids cannot be probed.
 */
export async function requireWorkspacePermission(
  actor: Actor,
  workspaceIds: readonly string[],
  permission: Permission,
): Promise<WorkspaceAccess> {
  const unique = [...new Set(workspaceIds)];
  const lookup = async () => new Map((await unsafeFindGrants(actor, { ids: unique })).map((g) => [g.workspace.id, g]));
  const build = (byId: ReadonlyMap<string, WorkspaceGrant>) => {
    const grants: WorkspaceGrant[] = [];
    for (const id of unique) {
      const found = byId.get(id);
      if (!found || !can(found.role, permission)) throw forbidden(id, permission);
      grants.push(found);
    }
    return grant(actor, Object.freeze(grants) as WorkspaceGrant[], permission);
  };
  if (unique.length > KEPT_ID_LIST) return build(await lookup());
  const key = `${actorKey(actor)}\u0000${unique.join("\u0000")}`;
  const access = await accessByAsk.get(`${key}\u0000${permission}`, actor, async () => build(await grantsByIds.get(key, actor, lookup)));
  return { ...access, actor };
}

/** Every workspace the actor holds `permission` on (`?workspaceId=all`); 403 when there is none. */
export async function requireAllPermittedWorkspaces(actor: Actor, permission: Permission): Promise<WorkspaceAccess> {
  const permitted = await accessByAsk.get(`${actorKey(actor)}\u0000all\u0000${permission}`, actor, async () => {
    const visible = await listVisibleWorkspaces(actor);
    const grants = Object.freeze(visible.filter((g) => can(g.role, permission))) as WorkspaceGrant[];
    // Staff see every workspace (unsafeFindGrants), so theirs, when all are permitted, is all there is.
    const everyWorkspace = actor.staffRole === "SUPPORT" && grants.length === visible.length;
    return grant(actor, grants, permission, true, everyWorkspace);
  });
  if (permitted.grants.length === 0) throw forbidden("all", permission);
  return { ...permitted, actor };
}

// Narrowed accesses by the scope they narrow and the feature that leaves workspaces out: what is
// left out follows from the scope and the flags, and flag changes move the access revision.
const narrowed = new Map<string, WorkspaceAccess>();
const NARROWED_KEPT = 1024;

/**
 * `workspaceId=all` without the workspaces `feature` hides (`leftOut`): 403 when none remain,
 * exactly as when the actor holds the permission on none.
 */
export function withoutWorkspaces(access: WorkspaceAccess, leftOut: ReadonlySet<string>, feature: string): WorkspaceAccess {
  const key = `${access.scope.key}\u0000${access.scope.permission}\u0000${feature}`;
  let kept = narrowed.get(key);
  if (!kept) {
    const grants = Object.freeze(access.grants.filter((g) => !leftOut.has(g.workspace.id))) as WorkspaceGrant[];
    kept = grant(access.actor, grants, access.scope.permission, access.allVisible);
    narrowed.set(key, kept);
    if (narrowed.size > NARROWED_KEPT) narrowed.delete(narrowed.keys().next().value!);
  }
  if (kept.grants.length === 0) throw forbidden("all", access.scope.permission);
  return { ...kept, actor: access.actor };
}

/**
 * For a resource found by its id (an export; later a flagged anomaly): one belonging to any
 * workspace the actor cannot see is answered like one that does not exist, since a 403 would
 * confirm the id and name its workspace. Then the permission on each of its workspaces (403).
 */
export async function requireResourceAccess(
  actor: Actor,
  workspaceIds: readonly string[],
  permission: Permission,
  notFound: ApiError,
): Promise<WorkspaceAccess> {
  const visible = new Set((await listVisibleWorkspaces(actor)).map((g) => g.workspace.id));
  if (workspaceIds.length === 0 || !workspaceIds.every((id) => visible.has(id))) throw notFound;
  return requireWorkspacePermission(actor, workspaceIds, permission);
}

const idLiterals = new Map<ScopeKey, string>();
const LITERALS_KEPT = 1024;

/**
 * The scope's ids as one PostgreSQL array literal, for `${…}::text[]` parameters: built once per
 * scope key rather than escaped element by element on every statement.
 */
export function scopeIdsLiteral(scope: WorkspaceScope): string {
  let literal = idLiterals.get(scope.key);
  if (literal === undefined) {
    literal = `{${scope.workspaceIds.map((id) => `"${id.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
    idLiterals.set(scope.key, literal);
    if (idLiterals.size > LITERALS_KEPT) idLiterals.delete(idLiterals.keys().next().value!);
  }
  return literal;
}

/** Who the system's own work on workspaces runs as: no user. */
const SYSTEM_ACTOR: Actor = { id: "system", email: "system", name: "system", staffRole: null, accessRevision: "" };

/**
 * Access for the system's own work on given workspaces (the anomaly detection job): nobody's
 * permission is checked, so never call it for a request. Its queries are still scoped to these
 * workspaces through the tenant-guarded handles.
 */
export function unsafeSystemAccess(workspaces: readonly Workspace[], permission: Permission): WorkspaceAccess {
  return grant(
    SYSTEM_ACTOR,
    workspaces.map((workspace) => ({ workspace, role: "ADMIN" as const })),
    permission,
  );
}

/** The Prisma filter of a tenant model to the scope's workspaces: the one way a query is scoped. */
export function scopedWhere(scope: WorkspaceScope): { workspaceId: { in: string[] } };
/** For rows naming several workspaces (`workspaceIds` arrays): those naming any of the scope's. */
export function scopedWhere(scope: WorkspaceScope, column: "workspaceIds"): { workspaceIds: { hasSome: string[] } };
export function scopedWhere(scope: WorkspaceScope, column: "workspaceId" | "workspaceIds" = "workspaceId") {
  const ids = [...scope.workspaceIds];
  return column === "workspaceId" ? { workspaceId: { in: ids } } : { workspaceIds: { hasSome: ids } };
}

/**
 * The same for hand-written SQL: `alias.column = ANY(the scope's ids)`, marked so that the raw-SQL
 * check (lib/db/tenant-guard.ts) lets the statement through. `alias` and `column` are SQL
 * identifiers written in code, never input.
 */
export function scopedSql(scope: WorkspaceScope, alias: string, column = "workspaceId"): Prisma.Sql {
  // Every workspace: a list of thousands of ids would cost the database a millisecond to parse and
  // plan on every request, and filter nothing.
  if (scope.everyWorkspace) return Prisma.raw(`${SCOPED_SQL_MARK} ${alias}."${column}" IS NOT NULL`);
  return Prisma.sql`${Prisma.raw(`${SCOPED_SQL_MARK} ${alias}."${column}"`)} = ANY(${scopeIdsLiteral(scope)}::text[])`;
}

/** Why a page does not show a workspace: the actor cannot see it, or their role lacks the permission. */
export type SlugDenial = "not-member" | "role";
export type SlugAccess =
  | { ok: true; grant: WorkspaceGrant; access: WorkspaceAccess }
  | { ok: false; reason: SlugDenial; /** The actor's grant when only their role falls short. */ grant: WorkspaceGrant | null };

/** The check for pages, which address a workspace by slug and explain a refusal instead of answering 403. */
export async function workspaceAccessBySlug(actor: Actor, slug: string, permission: Permission): Promise<SlugAccess> {
  const [found] = await unsafeFindGrants(actor, { slug });
  if (!found) return { ok: false, reason: "not-member", grant: null };
  if (!can(found.role, permission)) return { ok: false, reason: "role", grant: found };
  return { ok: true, grant: found, access: grant(actor, [found], permission) };
}

/** The same, refusing with 403 like the API. */
export async function requireWorkspacePermissionBySlug(actor: Actor, slug: string, permission: Permission): Promise<WorkspaceAccess> {
  const found = await workspaceAccessBySlug(actor, slug, permission);
  if (!found.ok) throw forbidden(slug, permission);
  return found.access;
}

/** The actor's role on one workspace (by slug), or null if they may not see it at all. */
export async function findWorkspaceGrantBySlug(actor: Actor, slug: string): Promise<WorkspaceGrant | null> {
  const [found] = await unsafeFindGrants(actor, { slug });
  return found ?? null;
}
