// GET /api/billing/anomalies: the flags of the checked workspaces (one, several, or staff's
// `all`), most severe first, then newest; audited as billing.anomalies.viewed.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { recordLooks } from "@/lib/audit/record-looks";
import { db, type Prisma } from "@/lib/db";
import { decodeCursor, encodeCursor } from "./anomaly-cursor";
import type { AnomaliesPage } from "./anomaly-response";
import { anomalyView } from "./anomaly-view";
import type { AnomaliesQuery } from "./anomalies-query";
import { SEVERITIES } from "./finding";
import { dateOf } from "./flag-values";

export async function listAnomalies({
  ctx: { access, request },
  input,
}: DomainCall<WorkspaceContext, AnomaliesQuery>): Promise<AnomaliesPage> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const where: Prisma.AnomalyFlagWhereInput = {
    ...scopedWhere(access.scope),
    ...(input.status && { status: { in: input.status } }),
    ...(input.kind && { kind: { in: input.kind } }),
    ...(input.from && { endDate: { gte: dateOf(input.from) } }),
    ...(input.to && { startDate: { lte: dateOf(input.to) } }),
  };
  if (after) {
    const lessSevere = SEVERITIES.slice(0, SEVERITIES.indexOf(after.severity));
    where.AND = [
      {
        OR: [
          { severity: { in: lessSevere } },
          { severity: after.severity, createdAt: { lt: after.createdAt } },
          { severity: after.severity, createdAt: after.createdAt, id: { lt: after.id } },
        ],
      },
    ];
  }
  const rows = await db().anomalyFlag.findMany({
    where,
    orderBy: [{ severity: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const names = new Map(access.grants.map((g) => [g.workspace.id, g.workspace.name]));
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  await recordLooks(
    access,
    "billing.anomalies.viewed",
    { query: { ...input, limit: String(input.limit) } as Prisma.InputJsonObject },
    request,
    {
      metadata: { count: items.length },
    },
  );
  return {
    anomalies: items.map((flag) => anomalyView(flag, names.get(flag.workspaceId) ?? flag.workspaceId)),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}
