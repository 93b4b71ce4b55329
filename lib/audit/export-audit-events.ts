// The audit log as CSV, streamed page by page (the trail only grows, so pages never shift).
import type { WorkspaceAccess } from "@/lib/access/workspace-access";
import type { RequestContext } from "@/lib/api/request-context";
import { db } from "@/lib/db";
import { csvLines } from "@/lib/exports/csv";
import { streamWithBackpressure } from "@/lib/exports/stream-with-backpressure";
import type { AuditQuery } from "./audit-query";
import { auditWhere, visibleDetails, visibleWorkspaceId, WITH_SCOPE } from "./list-audit-events";
import { recordLooks } from "./record-looks";

const COLUMNS = ["occurred_at", "action", "actor_email", "actor_id", "workspace_id", "target", "request_id", "ip", "user_agent", "metadata"];
const PAGE = 5000;

export async function exportAuditEvents(access: WorkspaceAccess, query: AuditQuery, search: string, context: RequestContext) {
  // Taking the log out is itself audited, before any of it leaves.
  await recordLooks(access, "audit.log.downloaded", { query: search }, context);
  const encoder = new TextEncoder();
  const slug = access.grants[0]!.workspace.slug;
  const stream = streamWithBackpressure(async (emit) => {
    await emit(encoder.encode(csvLines([COLUMNS])));
    let cursor = query.cursor;
    for (;;) {
      const rows = await db().auditEvent.findMany({
        where: auditWhere(access, { ...query, cursor }),
        orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
        take: PAGE,
        include: WITH_SCOPE,
      });
      if (rows.length === 0) return;
      await emit(
        encoder.encode(
          csvLines(
            rows.map((r) => {
              const { target, metadata } = visibleDetails(r, access.scope.workspaceIds);
              return [
                r.occurredAt.toISOString(), r.action, r.actorEmail ?? "", r.actorId ?? "", visibleWorkspaceId(r, access.scope.workspaceIds) ?? "",
                JSON.stringify(target), r.requestId ?? "", r.ip ?? "", r.userAgent ?? "", JSON.stringify(metadata),
              ];
            }),
          ),
        ),
      );
      if (rows.length < PAGE) return;
      const last = rows.at(-1)!;
      cursor = { at: last.occurredAt, id: last.id };
    }
  });
  return { stream, filename: `audit-${slug}-${new Date().toISOString().slice(0, 10)}.csv` };
}
