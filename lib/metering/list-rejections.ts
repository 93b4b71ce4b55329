// Refused metering events of the scoped workspaces, newest first, for support and admins.
import { scopedWhere, type WorkspaceScope } from "@/lib/access/workspace-access";
import { page, type IdCursorQuery } from "@/lib/api/pagination";
import { db } from "@/lib/db";

export async function listRejections(scope: WorkspaceScope, { limit, cursor }: IdCursorQuery) {
  const rows = await db().meteringRejection.findMany({
    where: { ...scopedWhere(scope), ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const { items, nextCursor } = page(rows, limit);
  return {
    rejections: items.map((r) => ({
      id: String(r.id),
      receivedAt: r.receivedAt.toISOString(),
      source: r.source,
      workspaceId: r.workspaceId,
      eventId: r.eventId,
      position: r.position,
      code: r.code,
      message: r.message,
      payload: r.payload,
      requestId: r.requestId,
    })),
    nextCursor,
  };
}
