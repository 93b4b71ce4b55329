// PATCH /api/billing/anomalies/{id}: a person moves a flag along its lifecycle,
// open → acknowledged → resolved, and open | acknowledged → dismissed (with a note). Anything else
// is a 409. The change, its history row and its audit row commit together.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/errors/api-error";
import type { ResourceById } from "@/lib/access/resource-by-id";
import { auditRequest } from "@/lib/audit/audit-request";
import { db, systemDb } from "@/lib/db";
import type { AnomalyFlag } from "@/lib/db/generated/client";
import type { AnomalyStatus, TriagedAnomaly } from "./anomaly-response";
import { anomalyView } from "./anomaly-view";
import { flagHistories } from "./flag-history";
import type { TriageBody } from "./anomalies-query";
import { formatCalendarDate } from "@/lib/periods/calendar-date";

const ALLOWED: Record<AnomalyStatus, readonly AnomalyStatus[]> = {
  open: ["acknowledged", "dismissed"],
  acknowledged: ["resolved", "dismissed"],
  resolved: [],
  dismissed: [],
};

/** The one lookup of a flag that is not scoped (system handle): its result goes straight to the access check. */
function unsafeFindAnomalyById(id: string) {
  return systemDb().anomalyFlag.findUnique({ where: { id } });
}

export const anomalyById: ResourceById<AnomalyFlag> = {
  param: "id",
  name: "anomaly",
  find: unsafeFindAnomalyById,
  workspaceIds: (flag) => [flag.workspaceId],
};

export async function triageAnomaly({
  ctx: { access, actor, request },
  input: { flag, status, note },
}: DomainCall<WorkspaceContext, TriageBody & { flag: AnomalyFlag }>): Promise<TriagedAnomaly> {
  const now = new Date();
  const updated = await db().$transaction(async (tx) => {
    const before = await tx.anomalyFlag.findFirstOrThrow({ where: { ...scopedWhere(access.scope), id: flag.id } });
    const refused = () =>
      new ApiError("conflict", `A flag that is ${before.status} cannot become ${status}.`, {
        status: before.status,
        allowed: ALLOWED[before.status],
      });
    if (!ALLOWED[before.status].includes(status)) throw refused();
    // Conditional on the status read: two people triaging at once cannot both win.
    const { count } = await tx.anomalyFlag.updateMany({
      where: { ...scopedWhere(access.scope), id: flag.id, status: before.status },
      data: { status, updatedAt: now },
    });
    if (count === 0) throw refused();
    await tx.anomalyFlagChange.create({
      data: {
        flagId: flag.id,
        workspaceId: flag.workspaceId,
        fromStatus: before.status,
        toStatus: status,
        note: note ?? null,
        actorId: actor.id,
        at: now,
      },
    });
    // The flag's kind, area and days go with the row, so the audit log can say which flag it was.
    await auditRequest(access, "billing.anomaly.triaged", { ...flagLabel(before), from: before.status, to: status }, request, {
      metadata: { note: note ?? null },
      client: tx,
    });
    return { ...before, status, updatedAt: now };
  });
  const histories = await flagHistories(access.scope, [flag.id]);
  return { anomaly: anomalyView(updated, access.grants[0]!.workspace, histories.get(flag.id) ?? []) };
}

function flagLabel(flag: AnomalyFlag) {
  return {
    anomalyId: flag.id,
    kind: flag.kind,
    productArea: flag.productArea,
    startDate: formatCalendarDate(flag.startDate),
    endDate: formatCalendarDate(flag.endDate),
    threshold: flag.threshold,
  };
}
