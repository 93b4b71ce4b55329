// Events applied after their billing period had closed (period end + grace), newest first. A read
// of billing data: audited before it is handed out.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { page, type IdCursorQuery } from "@/lib/query/pagination";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import { trimDecimal } from "@/lib/usage/decimal";
import type { LateAdjustmentsPage } from "./late-adjustment-response";
import { formatCalendarDate } from "@/lib/periods/calendar-date";

export async function listLateAdjustments({
  ctx,
  input: { limit, cursor },
}: DomainCall<WorkspaceContext, IdCursorQuery>): Promise<LateAdjustmentsPage> {
  const rows = await db().meteringEvent.findMany({
    where: {
      ...scopedWhere(ctx.access.scope),
      lateAdjustment: true,
      ...(cursor ? { seq: { lt: BigInt(cursor) } } : {}),
    },
    orderBy: { seq: "desc" },
    take: limit + 1,
  });
  const { items, nextCursor } = page(
    rows.map((row) => ({ ...row, id: row.seq })),
    limit,
  );
  await auditRequest(ctx.access, "metering.late_adjustments.viewed", { cursor: cursor ?? null }, ctx.request);
  return {
    lateAdjustments: items.map((e) => ({
      id: String(e.seq),
      workspaceId: e.workspaceId,
      eventId: e.eventId,
      productArea: e.productArea,
      unit: e.unit,
      quantity: trimDecimal(e.quantity.toFixed()),
      occurredAt: e.occurredAt.toISOString(),
      usageDate: e.usageDate ? formatCalendarDate(e.usageDate) : null,
      receivedAt: e.receivedAt.toISOString(),
      processedAt: e.processedAt?.toISOString() ?? null,
    })),
    nextCursor,
  };
}
