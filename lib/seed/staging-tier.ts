// The staging tier (npm run db:seed -- --tier staging): a few hundred made-up companies that look
// like production — names from word lists, time zones, currencies, locales and billing anchor
// days by region, a few large tenants and many small ones, 120 days of daily usage with weekly
// seasonality. Deterministic (one fixed seed) and idempotent: written through the same writes as
// the demo seed (daily rows, whose trigger keeps the period rollups, and the usage versions).
import "server-only";
import type { PrismaClient } from "@/lib/db";
import { DEMO_PRODUCT_AREAS, type DemoWorkspace } from "@/lib/demo/demo-data";
import { ensureDemoAccount } from "@/lib/demo/seed-demo";
import { seededRandom, syntheticUsage } from "@/lib/demo/synthetic-usage";
import { calendarDateIn, parseCalendarDate } from "@/lib/periods/calendar-date";

export const STAGING_WORKSPACES = 300;
export const STAGING_HISTORY_DAYS = 120;
export const STAGING_SEED = 20261203;

/** Documented in docs/operations-data.md; the demo password (README.md). */
export const STAGING_ACCOUNTS = {
  admin: { email: "staging-admin@example.com", name: "Stella Staging", adminOf: 25 },
  finance: { email: "staging-finance@example.com", name: "Fred Staging", financeOf: 10 },
  support: { email: "staging-support@example.com", name: "Sue Staging" },
};

const FIRST = [
  "Northwind",
  "Bluefin",
  "Silverline",
  "Granite",
  "Harbor",
  "Maple",
  "Summit",
  "Quantum",
  "Atlas",
  "Cedar",
  "Vertex",
  "Lumen",
  "Orchid",
  "Pioneer",
  "Redwood",
  "Sterling",
  "Tidal",
  "Union",
  "Willow",
  "Zenith",
  "Aurora",
  "Beacon",
  "Copper",
  "Delta",
  "Ember",
  "Falcon",
  "Glacier",
  "Horizon",
  "Ironbark",
  "Juniper",
  "Keystone",
  "Lattice",
  "Meridian",
  "Nimbus",
  "Oakridge",
  "Polaris",
  "Quarry",
  "Riverstone",
  "Sable",
  "Trillium",
];
const SECOND = [
  "Analytics",
  "Logistics",
  "Health",
  "Labs",
  "Systems",
  "Foods",
  "Robotics",
  "Media",
  "Payments",
  "Energy",
  "Software",
  "Retail",
  "Studios",
  "Networks",
  "Insurance",
  "Travel",
  "Bio",
  "Mobility",
  "Security",
  "Learning",
];

interface Region {
  timeZones: string[];
  currency: string;
  locale: string;
  suffixes: string[];
  weight: number;
}

const REGIONS: Region[] = [
  {
    timeZones: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
    currency: "USD",
    locale: "en-US",
    suffixes: ["Inc.", "LLC", "Corp."],
    weight: 34,
  },
  { timeZones: ["Europe/London"], currency: "GBP", locale: "en-GB", suffixes: ["Ltd", "plc"], weight: 10 },
  { timeZones: ["Europe/Berlin"], currency: "EUR", locale: "de-DE", suffixes: ["GmbH", "AG"], weight: 10 },
  { timeZones: ["Europe/Paris"], currency: "EUR", locale: "fr-FR", suffixes: ["SA", "SAS"], weight: 6 },
  { timeZones: ["Europe/Amsterdam"], currency: "EUR", locale: "nl-NL", suffixes: ["B.V."], weight: 4 },
  { timeZones: ["Europe/Stockholm"], currency: "SEK", locale: "sv-SE", suffixes: ["AB"], weight: 3 },
  { timeZones: ["Asia/Tokyo"], currency: "JPY", locale: "ja-JP", suffixes: ["KK"], weight: 7 },
  { timeZones: ["Asia/Kolkata"], currency: "INR", locale: "en-IN", suffixes: ["Pvt Ltd"], weight: 6 },
  { timeZones: ["Asia/Singapore"], currency: "SGD", locale: "en-SG", suffixes: ["Pte Ltd"], weight: 4 },
  { timeZones: ["Australia/Sydney", "Australia/Perth"], currency: "AUD", locale: "en-AU", suffixes: ["Pty Ltd"], weight: 5 },
  { timeZones: ["America/Sao_Paulo"], currency: "BRL", locale: "pt-BR", suffixes: ["Ltda"], weight: 4 },
  { timeZones: ["Pacific/Auckland"], currency: "NZD", locale: "en-NZ", suffixes: ["Ltd"], weight: 2 },
  { timeZones: ["UTC"], currency: "USD", locale: "en-US", suffixes: ["Inc."], weight: 5 },
];

export interface StagingWorkspace extends DemoWorkspace {
  id: string;
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function shuffled<T>(next: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function pickRegion(next: () => number): Region {
  let ticket = next() * REGIONS.reduce((sum, r) => sum + r.weight, 0);
  for (const region of REGIONS) if ((ticket -= region.weight) < 0) return region;
  return REGIONS[0]!;
}

/** The tier's workspaces: the same list for the same count on every machine. */
export function stagingWorkspaces(count = STAGING_WORKSPACES): StagingWorkspace[] {
  const next = seededRandom(STAGING_SEED);
  const slugs = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const region = pickRegion(next);
    const base = `${pick(next, FIRST)} ${pick(next, SECOND)}`;
    let slug = base.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    for (let n = 2; slugs.has(slug); n++) slug = `${base.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${n}`;
    slugs.add(slug);
    // A few large tenants, a middle band, a long tail of small ones.
    const size = next();
    const scale = size < 0.04 ? 0.4 + next() * 1.2 : size < 0.3 ? 0.03 + next() * 0.2 : 0.001 + next() * 0.02;
    const areaCount = size < 0.04 ? 12 : size < 0.3 ? 6 + Math.floor(next() * 5) : 2 + Math.floor(next() * 4);
    const areas = shuffled(next, DEMO_PRODUCT_AREAS).slice(0, areaCount);
    return {
      id: `stg_ws_${String(i).padStart(4, "0")}`,
      slug,
      name: `${base} ${pick(next, region.suffixes)}`,
      timeZone: pick(next, region.timeZones),
      currency: region.currency,
      locale: region.locale,
      // Most customers bill on the 1st; the rest on the day they signed.
      billingAnchorDay: next() < 0.6 ? 1 : 1 + Math.floor(next() * 28),
      scale,
      productAreas: areas.map((a) => a.key).sort(),
    };
  });
}

export interface StagingOptions {
  now?: Date;
  workspaces?: number;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/** Seeds the tier; the demo tier is expected to be there already (its product areas and accounts). */
export async function seedStaging(
  prisma: PrismaClient,
  { now = new Date(), workspaces: count = STAGING_WORKSPACES, log = () => {}, onProgress }: StagingOptions = {},
) {
  const tenants = stagingWorkspaces(count);
  await prisma.workspace.createMany({
    data: tenants.map(({ scale: _scale, productAreas: _areas, ...fields }) => fields),
    skipDuplicates: true,
  });
  log(
    `workspaces: ${tenants.length} (${new Set(tenants.map((t) => t.timeZone)).size} time zones, ${new Set(tenants.map((t) => t.currency)).size} currencies)`,
  );

  const admin = await ensureDemoAccount(prisma, STAGING_ACCOUNTS.admin);
  const finance = await ensureDemoAccount(prisma, STAGING_ACCOUNTS.finance);
  await ensureDemoAccount(prisma, { ...STAGING_ACCOUNTS.support, staffRole: "SUPPORT" });
  await prisma.membership.createMany({
    data: [
      ...tenants.slice(0, STAGING_ACCOUNTS.admin.adminOf).map((t) => ({ userId: admin.id, workspaceId: t.id, role: "ADMIN" as const })),
      ...tenants
        .slice(0, STAGING_ACCOUNTS.finance.financeOf)
        .map((t) => ({ userId: finance.id, workspaceId: t.id, role: "FINANCE" as const })),
    ],
    skipDuplicates: true,
  });
  log(
    `accounts: ${Object.values(STAGING_ACCOUNTS)
      .map((a) => a.email)
      .join(", ")}`,
  );

  let rows = 0;
  for (const [i, tenant] of tenants.entries()) {
    const lastDate = calendarDateIn(now, tenant.timeZone);
    const data = tenant.productAreas.flatMap((key) => {
      const area = DEMO_PRODUCT_AREAS.find((a) => a.key === key)!;
      return syntheticUsage(tenant, area, lastDate, STAGING_HISTORY_DAYS).map((day) => ({
        workspaceId: tenant.id,
        productArea: key,
        usageDate: parseCalendarDate(day.date),
        quantity: day.quantity,
        unit: area.unit,
        sourceEventCount: day.sourceEventCount,
      }));
    });
    const { count: created } = await prisma.billingUsageDaily.createMany({ data, skipDuplicates: true });
    if (created > 0) {
      // Cached usage reports and projection history are stamped with this version: moved as the consumer does.
      await prisma.usageVersion.upsert({
        where: { workspaceId: tenant.id },
        create: { workspaceId: tenant.id, version: 1, historyVersion: 1 },
        update: { version: { increment: 1 }, historyVersion: { increment: 1 } },
      });
    }
    rows += created;
    onProgress?.(i + 1, tenants.length);
  }
  log(`usage: ${rows} new daily rows over ${STAGING_HISTORY_DAYS} days`);
  return { workspaces: tenants.length, rows };
}
