// Daily housekeeping: raw metering events past their retention, old rejections, audit rows
// past AUDIT_RETENTION_DAYS (through the database's own purge function), revocations of expired
// sessions, sign-in throttle rows that lock nothing, and notification events, webhook deliveries
// and attempts past 30 days. A registered job (lib/jobs): it runs in
// one process at a time, though running it twice at once would be harmless.
import "server-only";
import { purgeAuditEvents } from "@/lib/audit/purge-audit-events";
import { purgeEndedSessions } from "@/lib/auth/sessions";
import { purgeSignInThrottle } from "@/lib/auth/sign-in-throttle";
import { env } from "@/lib/env";
import type { Job } from "@/lib/jobs/job";
import { purgeExpiredMeteringData } from "@/lib/metering/retention";
import { purgeOldNotifications } from "@/lib/notifications/delivery/purge-notifications";

export async function runRetention({ now = new Date(), signal }: { now?: Date; signal?: AbortSignal } = {}) {
  const { METERING_RETENTION_DAYS, AUDIT_RETENTION_DAYS } = env();
  const metering = await purgeExpiredMeteringData({ retentionDays: METERING_RETENTION_DAYS, now, signal });
  signal?.throwIfAborted();
  const auditEvents = await purgeAuditEvents(AUDIT_RETENTION_DAYS);
  signal?.throwIfAborted();
  const revokedSessions = await purgeEndedSessions(now);
  const signInThrottle = await purgeSignInThrottle();
  signal?.throwIfAborted();
  const notifications = await purgeOldNotifications(now);
  return { ...metering, auditEvents, revokedSessions, signInThrottle, ...notifications };
}

export const retentionJob: Job = {
  name: "retention",
  every: 6 * 60 * 60 * 1000,
  firstRunAfter: 60_000,
  run: (signal) => runRetention({ signal }),
};
