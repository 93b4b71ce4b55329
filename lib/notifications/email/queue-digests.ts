// The notification job's digest step: for each workspace that chose the daily digest, once its
// local day D is over (ten minutes past its midnight, so a flag change committing across midnight is
// in), one EmailDelivery per recipient covering D, if D had any alert. Only the day just ended is
// looked at: after a worker outage of more than a day the days missed get no digest (their alerts
// are on the dashboard). The unique key (workspace, day, recipient) makes queueing idempotent; a
// workspace whose digest for D is queued, or whose D had no alert, costs one indexed probe a tick.
import "server-only";
import { Prisma, systemDatabase, systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { parseCalendarDate } from "@/lib/periods/calendar-date";
import { choicesOf, recipientsOf } from "./recipients";

/** Events a digest lists: everything that tells people something about a flag. */
export const DIGEST_EVENTS = ["anomaly.opened", "anomaly.resolved", "budget.crossed"] as const;

/** How long after local midnight a day counts as over. */
const SETTLE = "10 minutes";
const BATCH = 100;

interface DueDigest {
  workspaceId: string;
  day: string;
}

/**
 * Workspaces with the digest on whose day just ended had an alert, every event of that day has
 * been looked at by the e-mail step (so the digest knows which went out at once), and no digest
 * for it is queued yet.
 */
function dueDigests(now: Date): Promise<DueDigest[]> {
  return systemDatabase().query<DueDigest>(Prisma.sql`
    SELECT s."workspaceId", to_char(d.day, 'YYYY-MM-DD') AS day
    FROM "NotificationSettings" s
    JOIN "Workspace" w ON w."id" = s."workspaceId"
    CROSS JOIN LATERAL (
      SELECT ((${now}::timestamptz - ${SETTLE}::interval) AT TIME ZONE w."timeZone")::date - 1 AS day
    ) d
    CROSS JOIN LATERAL (
      SELECT d.day::timestamp AT TIME ZONE w."timeZone" AS "from", (d.day + 1)::timestamp AT TIME ZONE w."timeZone" AS "to"
    ) r
    WHERE s."dailyDigest" AND (s."emailAdmins" OR s."emailFinance")
      AND NOT EXISTS (
        SELECT 1 FROM "EmailDelivery" e WHERE e."workspaceId" = s."workspaceId" AND e."digestDay" = d.day
      )
      AND EXISTS (
        SELECT 1 FROM "NotificationEvent" n
        WHERE n."workspaceId" = s."workspaceId" AND n."createdAt" >= r."from" AND n."createdAt" < r."to"
          AND n."type" IN (${Prisma.join([...DIGEST_EVENTS])})
      )
      AND NOT EXISTS (
        SELECT 1 FROM "NotificationEvent" n
        WHERE n."workspaceId" = s."workspaceId" AND n."createdAt" >= r."from" AND n."createdAt" < r."to"
          AND (n."preparedAt" IS NULL OR n."emailQueuedAt" IS NULL)
      )
    ORDER BY s."workspaceId"
    LIMIT ${BATCH}
  `);
}

/** Queues the digests that are due; returns how many workspaces got one. Nothing without SMTP_URL. */
export async function queueDigests(now: Date, smtpUrl: string | undefined = env().SMTP_URL): Promise<number> {
  if (!smtpUrl) return 0;
  let queued = 0;
  for (const { workspaceId, day } of await dueDigests(now)) {
    const settings = await systemDb().notificationSettings.findUnique({ where: { workspaceId } });
    const recipients = await recipientsOf(systemDb(), { workspaceId }, choicesOf(settings));
    const digestDay = parseCalendarDate(day);
    await systemDb().emailDelivery.createMany({
      data: recipients.map((recipient) => ({ workspaceId, kind: "digest", digestDay, recipient, nextAttemptAt: now })),
      skipDuplicates: true,
    });
    if (recipients.length > 0) queued++;
  }
  return queued;
}
