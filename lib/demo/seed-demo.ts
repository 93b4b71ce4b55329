// Idempotent demo seed: creates what is missing and never duplicates or overwrites.
import "server-only";
import { runFullPass } from "@/lib/anomalies/anomaly-job";
import { hashPassword } from "@/lib/auth/password";
import type { Prisma, PrismaClient } from "@/lib/db";
import type { StaffRole, User } from "@/lib/db/generated/client";
import { calendarDateIn, parseCalendarDate } from "@/lib/periods/calendar-date";
import { DEMO_HISTORY_DAYS, DEMO_PASSWORD, DEMO_PRODUCT_AREAS, DEMO_USERS, DEMO_WORKSPACES } from "./demo-data";
import { DEMO_PRICE_BOOKS, DEMO_PRICE_SETTER } from "./demo-prices";
import { syntheticUsage, withDemoAnomalies } from "./synthetic-usage";

export interface SeedOptions {
  now?: Date;
  log?: (line: string) => void;
}

type Log = (line: string) => void;
type WorkspaceIds = ReadonlyMap<string, string>;

export async function seedDemo(prisma: PrismaClient, { now = new Date(), log = () => {} }: SeedOptions = {}) {
  await seedCatalogue(prisma, log);
  const workspaceIds = new Map(
    (await prisma.workspace.findMany({ where: { slug: { in: DEMO_WORKSPACES.map((w) => w.slug) } } })).map((w) => [w.slug, w.id]),
  );
  await seedAccounts(prisma, workspaceIds, log);
  await seedPriceBooks(prisma, workspaceIds, log);
  await seedUsage(prisma, workspaceIds, now, log);
  // The demo's anomalies (DEMO_ANOMALIES) are found by the detection job, never written as flags.
  const pass = await runFullPass({ now });
  log(`anomaly detection: ${pass.examined} workspaces examined, ${pass.created} new flags`);
}

/** The product areas and the demo workspaces. */
async function seedCatalogue(prisma: PrismaClient, log: Log): Promise<void> {
  for (const area of DEMO_PRODUCT_AREAS) {
    await prisma.productArea.upsert({
      where: { key: area.key },
      create: { key: area.key, displayName: area.displayName, unit: area.unit },
      update: {},
    });
  }
  log(`product areas: ${DEMO_PRODUCT_AREAS.length}`);

  for (const workspace of DEMO_WORKSPACES) {
    const { scale: _scale, productAreas: _areas, ...fields } = workspace;
    await prisma.workspace.upsert({ where: { slug: workspace.slug }, create: fields, update: {} });
  }
  log(`workspaces: ${DEMO_WORKSPACES.map((w) => w.slug).join(", ")}`);
}

/** The demo accounts and their memberships. */
async function seedAccounts(prisma: PrismaClient, workspaceIds: WorkspaceIds, log: Log): Promise<void> {
  for (const demoUser of DEMO_USERS) {
    const user = await ensureDemoAccount(prisma, demoUser);
    for (const { workspaceSlug, role } of demoUser.memberships) {
      const workspaceId = workspaceIds.get(workspaceSlug)!;
      await prisma.membership.upsert({
        where: { userId_workspaceId: { userId: user.id, workspaceId } },
        create: { userId: user.id, workspaceId, role },
        update: {},
      });
    }
  }
  log(`accounts: ${DEMO_USERS.map((u) => u.email).join(", ")}`);
}

async function seedPriceBooks(prisma: PrismaClient, workspaceIds: WorkspaceIds, log: Log): Promise<void> {
  // The demo's price books, set by the support account (as `npm run prices` would be).
  const support = await prisma.user.findUniqueOrThrow({ where: { email: DEMO_PRICE_SETTER } });
  for (const [slug, book] of Object.entries(DEMO_PRICE_BOOKS)) {
    await prisma.priceBook.upsert({
      where: {
        workspaceId_effectiveFrom: { workspaceId: workspaceIds.get(slug)!, effectiveFrom: parseCalendarDate(book.effectiveFrom) },
      },
      create: {
        workspaceId: workspaceIds.get(slug)!,
        effectiveFrom: parseCalendarDate(book.effectiveFrom),
        currency: book.currency,
        items: book.items as Prisma.InputJsonArray,
        createdById: support.id,
      },
      update: {},
    });
  }
  log(
    `price books: ${Object.entries(DEMO_PRICE_BOOKS)
      .map(([slug, book]) => `${slug} (${book.currency})`)
      .join(", ")}`,
  );
}

/** Each workspace's synthetic daily usage, up to the day in progress in its time zone. */
async function seedUsage(prisma: PrismaClient, workspaceIds: WorkspaceIds, now: Date, log: Log): Promise<void> {
  for (const workspace of DEMO_WORKSPACES) {
    const workspaceId = workspaceIds.get(workspace.slug)!;
    const lastDate = calendarDateIn(now, workspace.timeZone);
    let created = 0;
    for (const key of workspace.productAreas) {
      const area = DEMO_PRODUCT_AREAS.find((candidate) => candidate.key === key)!;
      const days = withDemoAnomalies(workspace, area, syntheticUsage(workspace, area, lastDate, DEMO_HISTORY_DAYS));
      const result = await prisma.billingUsageDaily.createMany({
        data: days.map((day) => ({
          workspaceId,
          productArea: area.key,
          usageDate: parseCalendarDate(day.date),
          quantity: day.quantity,
          unit: area.unit,
          sourceEventCount: day.sourceEventCount,
        })),
        skipDuplicates: true,
      });
      created += result.count;
    }
    if (created > 0) {
      // Cached usage reports are stamped with this version: bump it as the consumer does.
      await prisma.usageVersion.upsert({
        where: { workspaceId },
        create: { workspaceId, version: 1, historyVersion: 1 },
        update: { version: { increment: 1 }, historyVersion: { increment: 1 } },
      });
    }
    log(`usage ${workspace.slug}: ${created} new daily rows (${workspace.productAreas.length} product areas × ${DEMO_HISTORY_DAYS} days)`);
  }
}

/** The account with this email, created with the demo password if it does not exist; kept as it is if it does. */
export async function ensureDemoAccount(
  prisma: PrismaClient,
  account: { email: string; name: string; staffRole?: StaffRole | null },
): Promise<User> {
  const found = await prisma.user.findUnique({ where: { email: account.email } });
  return (
    found ??
    prisma.user.create({
      data: {
        email: account.email,
        name: account.name,
        staffRole: account.staffRole ?? null,
        passwordHash: await hashPassword(DEMO_PASSWORD),
      },
    })
  );
}
