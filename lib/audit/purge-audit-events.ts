// The one documented way audit rows are ever removed: the database function purge_audit_events,
// which refuses a retention under 90 days and deletes nothing newer than the cut-off. A system job
// across every workspace (system handle).
import "server-only";
import { systemDb } from "@/lib/db";

export const MIN_AUDIT_RETENTION_DAYS = 90;

export async function purgeAuditEvents(retentionDays: number): Promise<number> {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_AUDIT_RETENTION_DAYS) {
    throw new Error(`audit retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days, got ${retentionDays}`);
  }
  const [row] = await systemDb().$queryRaw<{ deleted: bigint }[]>`SELECT purge_audit_events(${retentionDays}::int) AS deleted`;
  return Number(row?.deleted ?? 0);
}
