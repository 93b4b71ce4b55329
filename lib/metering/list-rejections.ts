// Refused metering events of the scoped workspaces, newest first, for support and admins. A read
// of billing data: audited before it is handed out.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { page, type IdCursorQuery } from "@/lib/query/pagination";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { RejectionsPage } from "./rejection-response";

export async function listRejections({
  ctx,
  input: { limit, cursor },
}: DomainCall<WorkspaceContext, IdCursorQuery>): Promise<RejectionsPage> {
  const rows = await db().meteringRejection.findMany({
    where: { ...scopedWhere(ctx.access.scope), ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const { items, nextCursor } = page(rows, limit);
  await auditRequest(ctx.access, "metering.rejections.viewed", { cursor: cursor ?? null }, ctx.request);
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
      producer: r.producer,
    })),
    nextCursor,
  };
}
