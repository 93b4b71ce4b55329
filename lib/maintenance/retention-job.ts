// Daily housekeeping: raw metering events past their retention, old rejections, audit rows
// past AUDIT_RETENTION_DAYS (through the database's own purge function), revocations of expired
// sessions and sign-in throttle rows that lock nothing. Runs in whichever
// process runs the metering consumer; running it twice at once is harmless.
import { purgeAuditEvents } from "@/lib/audit/purge-audit-events";
import { purgeEndedSessions } from "@/lib/auth/sessions";
import { purgeSignInThrottle } from "@/lib/auth/sign-in-throttle";
import { env } from "@/lib/env";
import { purgeExpiredMeteringData } from "@/lib/metering/retention";

export async function runRetention(now = new Date()) {
  const { METERING_RETENTION_DAYS, AUDIT_RETENTION_DAYS } = env();
  const metering = await purgeExpiredMeteringData({ retentionDays: METERING_RETENTION_DAYS, now });
  const auditEvents = await purgeAuditEvents(AUDIT_RETENTION_DAYS);
  const revokedSessions = await purgeEndedSessions(now);
  const signInThrottle = await purgeSignInThrottle();
  return { ...metering, auditEvents, revokedSessions, signInThrottle };
}

const INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Runs the job shortly after start, then every six hours. Returns a stop function. */
export function scheduleRetention(log: (fields: Record<string, unknown>) => void): () => void {
  const tick = () =>
    runRetention().then(
      (purged) => log({ level: "info", message: "retention purge", ...purged }),
      (error) => log({ level: "error", message: "retention purge failed", error: String(error) }),
    );
  const first = setTimeout(tick, 60_000);
  const every = setInterval(tick, INTERVAL_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
