// The audit trail of the scoped workspaces, newest first, cursor-paginated on (time, id): rows
// added while someone pages never shift or repeat what they already saw.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere, type WorkspaceAccess } from "@/lib/access/workspace-access";
import { encodeTimeCursor } from "@/lib/query/time-cursor";
import { db, type Prisma } from "@/lib/db";
import { addDays, startOfDayIn } from "@/lib/periods/calendar-date";
import type { AuditEventResponse, AuditEventsPage } from "./audit-event-response";
import type { AuditQuery } from "./audit-query";

export function auditWhere(access: WorkspaceAccess, query: Omit<AuditQuery, "limit">): Prisma.AuditEventWhereInput {
  const timeZone = access.grants[0]!.workspace.timeZone;
  const occurredAt: Prisma.DateTimeFilter = {};
  if (query.from) occurredAt.gte = startOfDayIn(query.from, timeZone);
  if (query.to) occurredAt.lt = startOfDayIn(addDays(query.to, 1), timeZone);
  const conditions: Prisma.AuditEventWhereInput[] = [
    // Events naming the workspace first, among the several a request concerned, or in the shared
    // scope of a look at more than 100 workspaces.
    {
      OR: [
        scopedWhere(access.scope),
        scopedWhere(access.scope, "workspaceIds"),
        { scope: { is: scopedWhere(access.scope, "workspaceIds") } },
      ],
    },
  ];
  if (query.actor) {
    conditions.push({ OR: [{ actorId: query.actor }, { actorEmail: { equals: likeLiteral(query.actor), mode: "insensitive" } }] });
  }
  if (query.cursor) {
    conditions.push({
      OR: [{ occurredAt: { lt: query.cursor.at } }, { occurredAt: query.cursor.at, id: { lt: query.cursor.id } }],
    });
  }
  return {
    AND: conditions,
    ...(query.action && { action: query.action }),
    ...((query.from || query.to) && { occurredAt }),
  };
}

// Prisma matches `equals` with `mode: "insensitive"` by ILIKE, where \\, % and _ are special:
// escaped, the value matches only itself (any case), and a trailing backslash is no longer an error.
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What audit reads fetch with each event: the ids of its shared scope, if it has one. */
export const WITH_SCOPE = { scope: { select: { workspaceIds: true } } } as const;
type AuditRow = Prisma.AuditEventGetPayload<{ include: typeof WITH_SCOPE }>;

/** Every workspace an event names, its own first. */
function namedWorkspaces(row: AuditRow): string[] {
  return [...new Set([...(row.workspaceId ? [row.workspaceId] : []), ...row.workspaceIds, ...(row.scope?.workspaceIds ?? [])])];
}

/** The workspaces an event names that the reader may see (their scope's `idSet`), the event's own first. */
function visibleNamed(row: AuditRow, visible: ReadonlySet<string>): string[] {
  return namedWorkspaces(row).filter((id) => visible.has(id));
}

// A look at several workspaces keeps the query string and file name it was asked with, and both
// can name the other workspaces: a reader who cannot see all of them gets its target and metadata
// without them.
const NAMING_FIELDS = new Set(["query", "filename"]);

export function visibleDetails(row: AuditRow, visible: ReadonlySet<string>): { target: Prisma.JsonValue; metadata: Prisma.JsonValue } {
  if (visibleNamed(row, visible).length === namedWorkspaces(row).length) return { target: row.target, metadata: row.metadata };
  return { target: withoutNamingFields(row.target), metadata: withoutNamingFields(row.metadata) };
}

function withoutNamingFields(value: Prisma.JsonValue): Prisma.JsonValue {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !NAMING_FIELDS.has(key)));
}

export function visibleWorkspaceId(row: AuditRow, visible: ReadonlySet<string>): string | null {
  return visibleNamed(row, visible)[0] ?? null;
}

/** Other workspaces named by a multi-workspace event are not the reader's business: left out. */
export function auditEventJson(row: AuditRow, visible: ReadonlySet<string>): AuditEventResponse {
  const named = visibleNamed(row, visible);
  const { target, metadata } = visibleDetails(row, visible);
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    workspaceId: named[0] ?? null,
    workspaceIds: named,
    target,
    requestId: row.requestId,
    clientRequestId: row.clientRequestId,
    ip: row.ip,
    userAgent: row.userAgent,
    metadata,
  };
}

export async function listAuditEvents({
  ctx: { access },
  input: query,
}: DomainCall<WorkspaceContext, AuditQuery>): Promise<AuditEventsPage> {
  const rows = await db().auditEvent.findMany({
    where: auditWhere(access, query),
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: WITH_SCOPE,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => auditEventJson(row, access.scope.idSet)),
    nextCursor: rows.length > query.limit && last ? encodeTimeCursor(last.occurredAt, last.id) : null,
  };
}
