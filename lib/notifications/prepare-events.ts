// Step one of the notification job: each outbox row a flag change left (the trigger in migration
// 20261208000000_notifications) gets its type and the body every channel sends, written once, so
// retries and every channel send the same bytes under the same id. A change nobody is told about
// (an acknowledgement, a budget flag resolving, a flag since deleted) is marked "none".
import "server-only";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { AnomalyFlag, AnomalyFlagChange, Workspace } from "@/lib/db/generated/client";
import { anomalyView } from "@/lib/anomalies/anomaly-view";
import { NO_NOTIFICATION, type NotificationEventType, type NotificationPayload } from "./event-types";

const BATCH = 200;

type ChangeWithFlag = AnomalyFlagChange & { flag: AnomalyFlag & { workspace: Workspace } };

/** What a flag change tells people, if anything. */
export function eventTypeOf(change: Pick<AnomalyFlagChange, "toStatus">, flag: Pick<AnomalyFlag, "kind">): NotificationEventType | null {
  if (change.toStatus === "open") return flag.kind === "budget" ? "budget.crossed" : "anomaly.opened";
  if ((change.toStatus === "resolved" || change.toStatus === "dismissed") && flag.kind !== "budget") return "anomaly.resolved";
  return null;
}

/** The dashboard at the flag's first day, filtered to its product area when it has one. */
export function dashboardLink(workspace: Pick<Workspace, "slug">, flag: Pick<AnomalyFlag, "startDate" | "productArea">): string {
  const base = (env().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const query = new URLSearchParams({ day: flag.startDate.toISOString().slice(0, 10) });
  if (flag.productArea) query.set("areas", flag.productArea);
  return `${base}/w/${encodeURIComponent(workspace.slug)}/billing?${query}`;
}

export function payloadOf(type: NotificationEventType, change: ChangeWithFlag): NotificationPayload {
  const { flag } = change;
  const history = [
    {
      from: change.fromStatus,
      to: change.toStatus,
      note: change.note,
      actorId: change.actorId,
      actorEmail: null,
      at: change.at.toISOString(),
    },
  ];
  // The flag as it stood with this change: its status is the change's, whatever happened since.
  const anomaly = anomalyView({ ...flag, status: change.toStatus }, flag.workspace, history);
  return {
    type,
    timestamp: change.at.toISOString(),
    workspaceId: flag.workspaceId,
    data: { anomaly, change: history[0], dashboardUrl: dashboardLink(flag.workspace, flag) },
  };
}

/** Prepares up to a batch of waiting events, oldest first; returns how many. */
export async function prepareEvents(now: Date): Promise<number> {
  const waiting = await systemDb().notificationEvent.findMany({
    where: { preparedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: BATCH,
    select: { id: true, changeId: true },
  });
  if (waiting.length === 0) return 0;
  const changeIds = waiting.flatMap(({ changeId }) => (changeId ? [changeId] : []));
  const changes = await systemDb().anomalyFlagChange.findMany({
    where: { id: { in: changeIds } },
    include: { flag: { include: { workspace: true } } },
  });
  const byId = new Map(changes.map((change) => [change.id, change]));
  await systemDb().$transaction(
    waiting.map(({ id, changeId }) => {
      const change = changeId ? byId.get(changeId) : undefined;
      const type = change ? eventTypeOf(change, change.flag) : null;
      return systemDb().notificationEvent.update({
        where: { id, preparedAt: null },
        data: {
          type: type ?? NO_NOTIFICATION,
          payload: type && change ? (payloadOf(type, change) as object) : undefined,
          preparedAt: now,
        },
      });
    }),
  );
  return waiting.length;
}
