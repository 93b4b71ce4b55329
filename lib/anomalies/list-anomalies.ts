// GET /api/billing/anomalies: the flags of the checked workspaces (one, several, or staff's
// `all`), most severe first, then newest; audited as billing.anomalies.viewed.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedSql, type ScopeKey, type WorkspaceAccess } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { database, Prisma } from "@/lib/db";
import { decodeCursor, encodeCursor } from "./anomaly-cursor";
import { flagHistories } from "./flag-history";
import type { AnomaliesPage } from "./anomaly-response";
import { anomalyView, type FlagWorkspace, type ShownFlag } from "./anomaly-view";
import type { AnomaliesQuery } from "./anomalies-query";
import { parseCalendarDate } from "@/lib/periods/calendar-date";

export async function listAnomalies({
  ctx: { access, request },
  input,
}: DomainCall<WorkspaceContext, AnomaliesQuery>): Promise<AnomaliesPage> {
  const rows = await database().query<FlagRow>(listingSql(access.scope, input));
  const items = rows.slice(0, input.limit).map(shownFlag);
  const last = items.at(-1);
  await auditRequest(
    access,
    "billing.anomalies.viewed",
    { query: { ...input, limit: String(input.limit) } as Prisma.InputJsonObject },
    request,
    {
      metadata: { count: items.length },
    },
  );
  const workspaces = workspacesById(access);
  const histories = await flagHistories(
    access.scope,
    items.map((flag) => flag.id),
  );
  return {
    anomalies: items.map((flag) =>
      anomalyView(
        flag,
        workspaces.get(flag.workspaceId) ?? { name: flag.workspaceId, slug: flag.workspaceId },
        histories.get(flag.id) ?? [],
      ),
    ),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}

// Hand-written SQL on the hot path (docs/decisions/0022-raw-sql-on-request-path.md): staff's
// `all` scope names every workspace, and a Prisma `in` list of thousands of ids cost about
// 20 ms of CPU per request to compile and send; one array parameter costs a fraction of that.
// The row comparison is the listing's order, so a cursor page is one range of the index.
function listingSql(scope: WorkspaceContext["access"]["scope"], input: AnomaliesQuery): Prisma.Sql {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const conditions = [
    scopedSql(scope, "f"),
    input.status && Prisma.sql`f.status = ANY(${arrayLiteral(input.status)}::"AnomalyStatus"[])`,
    input.kind && Prisma.sql`f.kind = ANY(${arrayLiteral(input.kind)}::"AnomalyKind"[])`,
    input.severity && Prisma.sql`f.severity = ANY(${arrayLiteral(input.severity)}::"AnomalySeverity"[])`,
    input.from && Prisma.sql`f."endDate" >= ${input.from}::date`,
    input.to && Prisma.sql`f."startDate" <= ${input.to}::date`,
    after &&
      Prisma.sql`(f.severity, f."createdAt", f.id) < (${after.severity}::"AnomalySeverity", ${after.createdAt.toISOString()}::timestamptz, ${after.id})`,
  ].filter((condition): condition is Prisma.Sql => Boolean(condition));
  return Prisma.sql`
    SELECT f.id, f."workspaceId", f."productArea", f.kind::text AS kind, f.severity::text AS severity,
           f."startDate"::text AS "startDate", f."endDate"::text AS "endDate",
           f.expected::text AS expected, f.observed::text AS observed, f."impactAmount"::text AS "impactAmount",
           f.currency, f.threshold, f."crossedBy"::text AS "crossedBy", f."crossedOn"::text AS "crossedOn",
           f."reachesOn"::text AS "reachesOn",
           f.status::text AS status, f."detectorVersion",
           to_char(f."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
           to_char(f."updatedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
      FROM "AnomalyFlag" f
     WHERE ${Prisma.join(conditions, " AND ")}
     ORDER BY f.severity DESC, f."createdAt" DESC, f.id DESC
     LIMIT ${input.limit + 1}`;
}

// The filters hold enum members only (zod checked them), so no element needs quoting; a literal
// rather than a JS array, since the embedded database's driver does not bind arrays.
const arrayLiteral = (values: readonly string[]) => `{${values.join(",")}}`;

type FlagRow = { [K in keyof ShownFlag]: ShownFlag[K] extends Prisma.Decimal | Date ? string : ShownFlag[K] } & {
  impactAmount: string | null;
  crossedOn: string | null;
  reachesOn: string | null;
};

function shownFlag(row: FlagRow): ShownFlag {
  return {
    ...row,
    startDate: parseCalendarDate(row.startDate),
    endDate: parseCalendarDate(row.endDate),
    crossedOn: row.crossedOn === null ? null : parseCalendarDate(row.crossedOn),
    reachesOn: row.reachesOn === null ? null : parseCalendarDate(row.reachesOn),
    expected: new Prisma.Decimal(row.expected),
    observed: new Prisma.Decimal(row.observed),
    impactAmount: row.impactAmount === null ? null : new Prisma.Decimal(row.impactAmount),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

// Per scope key: its workspaces are fixed by it, so staff's `all` indexes them once per revision.
const byScope = new Map<ScopeKey, ReadonlyMap<string, FlagWorkspace>>();
const SCOPES_KEPT = 256;

function workspacesById({ scope, grants }: WorkspaceAccess): ReadonlyMap<string, FlagWorkspace> {
  let found = byScope.get(scope.key);
  if (!found) {
    byScope.set(scope.key, (found = new Map(grants.map((g) => [g.workspace.id, g.workspace]))));
    if (byScope.size > SCOPES_KEPT) byScope.delete(byScope.keys().next().value!);
  }
  return found;
}
