// Retention of the notification tables: webhook attempts, finished deliveries and events older than
// 30 days go, and so do finished e-mail digests (the page lists the recent ones; nothing is retried
// after 28 hours). An
// event is kept while any delivery of it, webhook or e-mail, is still pending.
import "server-only";
import { Prisma, systemDatabase } from "@/lib/db";

export const NOTIFICATION_RETENTION_DAYS = 30;

export interface NotificationsPurged {
  webhookAttempts: number;
  webhookDeliveries: number;
  notificationEvents: number;
  /** Sent or failed daily digests (an event's own e-mails go with the event). */
  emailDigests: number;
}

export async function purgeOldNotifications(now: Date): Promise<NotificationsPurged> {
  const cutoff = new Date(now.getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000);
  // Across every workspace by design (housekeeping): the system handle.
  const database = systemDatabase();
  const webhookAttempts = await database.execute(Prisma.sql`DELETE FROM "WebhookAttempt" WHERE at < ${cutoff}`);
  const webhookDeliveries = await database.execute(
    Prisma.sql`DELETE FROM "WebhookDelivery" WHERE status <> 'pending' AND "completedAt" < ${cutoff}`,
  );
  const notificationEvents = await database.execute(Prisma.sql`
    DELETE FROM "NotificationEvent" n
     WHERE n."createdAt" < ${cutoff}
       AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."eventId" = n.id AND d.status = 'pending')
       AND NOT EXISTS (SELECT 1 FROM "EmailDelivery" m WHERE m."eventId" = n.id AND m.status = 'pending')`);
  const emailDigests = await database.execute(
    Prisma.sql`DELETE FROM "EmailDelivery" WHERE "eventId" IS NULL AND status <> 'pending' AND "createdAt" < ${cutoff}`,
  );
  return { webhookAttempts, webhookDeliveries, notificationEvents, emailDigests };
}
