// How far behind the consumer is: the oldest event not yet applied, and the backlog size.
import "server-only";
import type { DomainCall, DomainContext } from "@/lib/access/domain-context";
import type { ConsumerLagResponse } from "./consumer-lag-response";
import { scopedSql, type WorkspaceScope } from "@/lib/access/workspace-access";
import { db, Prisma, systemDb } from "@/lib/db";

export interface ConsumerLag {
  backlog: number;
  oldestUnprocessedAt: Date | null;
  oldestAgeSeconds: number;
}

/** Across every workspace, for operators (system handle): counts and one instant, no tenant's rows. */
export async function consumerLag(now = new Date()): Promise<ConsumerLag> {
  const [row] = await systemDb().$queryRaw<{ backlog: bigint; oldest: Date | null }[]>`
    SELECT (SELECT count(*) FROM "MeteringInbox") AS backlog,
           (SELECT "receivedAt" FROM "MeteringInbox" ORDER BY seq LIMIT 1) AS oldest`;
  const oldest = row?.oldest ?? null;
  return {
    backlog: Number(row?.backlog ?? 0),
    oldestUnprocessedAt: oldest,
    oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
  };
}

/** GET /api/metering/status: the lag as producers and operators read it. */
export async function getMeteringStatus({ input }: DomainCall<DomainContext, { now?: Date }>): Promise<ConsumerLagResponse> {
  const lag = await consumerLag(input.now);
  return {
    backlog: lag.backlog,
    oldestUnprocessedAt: lag.oldestUnprocessedAt?.toISOString() ?? null,
    oldestAgeSeconds: lag.oldestAgeSeconds,
  };
}

/**
 * The "data complete through" watermark as SQL, for callers that read it together with other
 * figures in one statement: the oldest arrival among the scoped workspaces' unapplied events
 * (NULL when nothing is queued: then it is "now").
 */
export function oldestUnappliedSql(scope: WorkspaceScope): Prisma.Sql {
  return Prisma.sql`
    SELECT min(first."receivedAt")
      FROM "Workspace" ws
      CROSS JOIN LATERAL (
        SELECT "receivedAt" FROM "MeteringInbox" WHERE "workspaceId" = ws.id ORDER BY seq LIMIT 1
      ) AS first
     WHERE ${scopedSql(scope, "ws", "id")}`;
}

/** The watermark for the scoped workspaces: every event received before it has been applied. */
export async function completeThrough(scope: WorkspaceScope, now = new Date()): Promise<Date> {
  const [row] = await db().$queryRaw<{ oldest: Date | null }[]>`SELECT (${oldestUnappliedSql(scope)}) AS oldest`;
  return row?.oldest ?? now;
}
