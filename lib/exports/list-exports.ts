// Export history of a workspace: exports that cover it and only workspaces the caller may export.
// The history carries each export's totals: a billing read, audited like the others.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { grantsAllowing } from "@/lib/access/check-access";
import { scopedWhere } from "@/lib/access/workspace-access";
import { encodeTimeCursor } from "@/lib/query/time-cursor";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { ExportsPage, ExportTotal } from "./export-response";
import type { ExportsQuery } from "./exports-query";
import { formatCalendarDate } from "@/lib/periods/calendar-date";

export async function listExports({ ctx, input: { limit, cursor } }: DomainCall<WorkspaceContext, ExportsQuery>): Promise<ExportsPage> {
  const { actor, access } = ctx;
  const exportableGrants = await grantsAllowing(actor, "usage:export");
  const exportable = exportableGrants.map((g) => g.workspace.id);
  const names = new Map(
    exportableGrants.map(({ workspace }) => [workspace.id, { id: workspace.id, slug: workspace.slug, name: workspace.name }]),
  );
  const rows = await db().billingUsageExport.findMany({
    where: {
      ...scopedWhere(access.scope, "workspaceIds"),
      ...(cursor && { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] }),
    },
    include: { requestedBy: { select: { name: true, email: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  // A multi-workspace export is listed only to callers who could export every workspace in it.
  // Pages may come out shorter than `limit`; the cursor still moves past every row examined.
  const examined = rows.slice(0, limit);
  const page = examined.filter((row) => row.workspaceIds.every((id) => exportable.includes(id)));
  const last = examined.at(-1);
  await auditRequest(access, "billing.exports.viewed", { cursor: cursor ? "next page" : null }, ctx.request);
  return {
    exports: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      requestedBy: row.requestedBy,
      workspaceIds: row.workspaceIds,
      // What the file was made with: its workspaces (every one the caller may export) and areas.
      workspaces: row.workspaceIds.map((id) => names.get(id)!),
      productAreas: (row.query as { productAreas?: string[] | null }).productAreas ?? null,
      periodStart: formatCalendarDate(row.periodStart),
      periodEnd: formatCalendarDate(row.periodEnd),
      filename: row.filename,
      rowCount: row.rowCount,
      byteSize: row.byteSize,
      totals: (row.totals as { totals?: ExportTotal[] }).totals ?? [],
      downloadUrl: `/api/billing/exports/${row.id}/download`,
    })),
    nextCursor: rows.length > limit && last ? encodeTimeCursor(last.createdAt, last.id) : null,
  };
}
