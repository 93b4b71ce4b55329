// Export history of a workspace: exports that cover it and only workspaces the caller may export.
import type { Actor } from "@/lib/access/actor";
import { can } from "@/lib/access/permissions";
import { listVisibleWorkspaces, scopedWhere, type WorkspaceScope } from "@/lib/access/workspace-access";
import { encodeTimeCursor } from "@/lib/api/time-cursor";
import { db } from "@/lib/db";

export async function listExports(
  actor: Actor,
  scope: WorkspaceScope,
  { limit, cursor }: { limit: number; cursor?: { at: Date; id: string } },
) {
  const exportableGrants = (await listVisibleWorkspaces(actor)).filter((g) => can(g.role, "usage:export"));
  const exportable = exportableGrants.map((g) => g.workspace.id);
  const names = new Map(exportableGrants.map(({ workspace }) => [workspace.id, { id: workspace.id, slug: workspace.slug, name: workspace.name }]));
  const rows = await db().billingUsageExport.findMany({
    where: {
      ...scopedWhere(scope, "workspaceIds"),
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
  return {
    exports: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      requestedBy: row.requestedBy,
      workspaceIds: row.workspaceIds,
      // What the file was made with: its workspaces (every one the caller may export) and areas.
      workspaces: row.workspaceIds.map((id) => names.get(id)!),
      productAreas: (row.query as { productAreas?: string[] | null }).productAreas ?? null,
      periodStart: row.periodStart.toISOString().slice(0, 10),
      periodEnd: row.periodEnd.toISOString().slice(0, 10),
      filename: row.filename,
      rowCount: row.rowCount,
      byteSize: row.byteSize,
      totals: (row.totals as { totals?: unknown }).totals ?? [],
      downloadUrl: `/api/billing/exports/${row.id}/download`,
    })),
    nextCursor: rows.length > limit && last ? encodeTimeCursor(last.createdAt, last.id) : null,
  };
}
