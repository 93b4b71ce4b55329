// The audit log as CSV, streamed page by page (the trail only grows, so pages never shift).
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { db } from "@/lib/db";
import { csvLines } from "@/lib/csv/csv";
import { streamWithBackpressure } from "@/lib/csv/stream-with-backpressure";
import { auditedAuditQuery, type AuditQuery } from "./audit-query";
import { auditWhere, visibleDetails, visibleWorkspaceId, WITH_SCOPE } from "./list-audit-events";
import { formatCalendarDate } from "@/lib/periods/calendar-date";
import { auditRequest } from "./audit-request";

// New columns go at the end: readers of earlier files may pick columns by position.
const COLUMNS = [
  "occurred_at",
  "action",
  "actor_email",
  "actor_id",
  "workspace_id",
  "target",
  "request_id",
  "ip",
  "user_agent",
  "metadata",
  "client_request_id",
];
const PAGE = 5000;

export async function exportAuditEvents({ ctx, input: query }: DomainCall<WorkspaceContext, AuditQuery>) {
  const { access, request: context } = ctx;
  const encoder = new TextEncoder();
  const visible = access.scope.idSet;
  const readPage = (cursor: AuditQuery["cursor"]) =>
    db().auditEvent.findMany({
      where: auditWhere(access, { ...query, cursor }),
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: PAGE,
      include: WITH_SCOPE,
    });
  type Row = Awaited<ReturnType<typeof readPage>>[number];
  const csvOf = (rows: Row[]) =>
    csvLines(
      rows.map((r) => {
        const { target, metadata } = visibleDetails(r, visible);
        return [
          r.occurredAt.toISOString(),
          r.action,
          r.actorEmail ?? "",
          r.actorId ?? "",
          visibleWorkspaceId(r, visible) ?? "",
          JSON.stringify(target),
          r.requestId ?? "",
          r.ip ?? "",
          r.userAgent ?? "",
          JSON.stringify(metadata),
          r.clientRequestId ?? "",
        ];
      }),
    );

  // The first page is read before anything is recorded or sent: a query the database refuses, or
  // an outage, is then an error response, not a 200 cut short. Taking the log out is audited
  // before any of it leaves, and its completion only once it all has but the last page.
  const first = await readPage(query.cursor);
  const target = { query: auditedAuditQuery(query) };
  await auditRequest(access, "audit.log.download_started", target, context);
  const stream = streamWithBackpressure(async (emit) => {
    let rows = first;
    let pending = csvLines([COLUMNS]) + csvOf(rows);
    let rowCount = rows.length;
    while (rows.length === PAGE) {
      const last = rows.at(-1)!;
      rows = await readPage({ at: last.occurredAt, id: last.id });
      await emit(encoder.encode(pending));
      pending = csvOf(rows);
      rowCount += rows.length;
    }
    await auditRequest(access, "audit.log.downloaded", target, context, { metadata: { rowCount } });
    await emit(encoder.encode(pending));
  });
  return { stream, filename: `audit-${access.grants[0]!.workspace.slug}-${formatCalendarDate(new Date())}.csv` };
}
