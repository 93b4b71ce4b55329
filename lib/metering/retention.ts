// Raw events are kept for METERING_RETENTION_DAYS after arrival (default 40). Because an event may
// not be backdated by more than 35 days, any repeat of a purged event is refused as too old:
// the idempotency guarantee holds for good, not only within the window. A system job across every
// workspace: it runs on the system handle.
import "server-only";
import { systemDb } from "@/lib/db";
import { BACKDATE_LIMIT_DAYS } from "./event-schema";

/** Rejections stay queryable for support for this long. */
export const REJECTION_RETENTION_DAYS = 90;
const CHUNK = 10_000;

export interface PurgeResult {
  events: number;
  rejections: number;
}

export async function purgeExpiredMeteringData({
  retentionDays,
  now = new Date(),
  signal,
}: {
  retentionDays: number;
  now?: Date;
  /** Stops between chunks (shutdown); what was deleted stays deleted. */
  signal?: AbortSignal;
}): Promise<PurgeResult> {
  if (retentionDays <= BACKDATE_LIMIT_DAYS) {
    throw new Error(`Retention must exceed the ${BACKDATE_LIMIT_DAYS}-day backdating limit, or duplicates could be counted twice.`);
  }
  const eventCutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const rejectionCutoff = new Date(now.getTime() - REJECTION_RETENTION_DAYS * 86_400_000);
  const result: PurgeResult = { events: 0, rejections: 0 };
  // Small chunks keep each transaction short, so ingest and the consumer never wait long.
  for (;;) {
    signal?.throwIfAborted();
    const deleted = await systemDb().$executeRaw`
      DELETE FROM "MeteringEvent" WHERE seq IN (
        SELECT e.seq FROM "MeteringEvent" e
         WHERE e."receivedAt" < ${eventCutoff}
           AND NOT EXISTS (SELECT 1 FROM "MeteringInbox" i WHERE i.seq = e.seq)
         LIMIT ${CHUNK})`;
    result.events += deleted;
    if (deleted < CHUNK) break;
  }
  result.rejections = (await systemDb().meteringRejection.deleteMany({ where: { receivedAt: { lt: rejectionCutoff } } })).count;
  return result;
}
