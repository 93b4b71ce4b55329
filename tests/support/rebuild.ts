// For the rebuild tests: events through the real pipeline, and the read model as exact rows.
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { seededRandom } from "@/lib/demo/synthetic-usage";

const DAY_MS = 86_400_000;
const AREAS = ["compute", "storage", "gpu", "logs"];

export function randomEvents(workspaceId: string, count: number, { seed, days, prefix }: { seed: number; days: number; prefix: string }) {
  const next = seededRandom(seed);
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    workspaceId,
    productArea: AREAS[Math.floor(next() * AREAS.length)]!,
    quantity: `${Math.floor(next() * 1000)}.${String(Math.floor(next() * 1e12)).padStart(12, "0")}`,
    occurredAt: new Date(now - 60_000 - Math.floor(next() * days * DAY_MS)).toISOString(),
  }));
}

export async function ingestAndApply(events: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < events.length; i += 200) {
    const result = await ingestEvents(
      events.slice(i, i + 200).map((value) => ({ value })),
      { source: "api" },
    );
    if (result.rejected.length > 0) throw new Error(JSON.stringify(result.rejected));
  }
  await drainQueue({ batchSize: 37, graceHours: 48 });
}

/** Every column of the daily rows and period rollups of these workspaces but `updatedAt`. */
export async function readModel(workspaceIds: string[]) {
  const daily = await systemDb().$queryRaw<unknown[]>`
    SELECT "workspaceId", "productArea", "usageDate"::text AS day, quantity::text AS quantity, unit, "sourceEventCount"::text AS events
      FROM "BillingUsageDaily" WHERE "workspaceId" = ANY(${workspaceIds}) ORDER BY 1, 2, 3`;
  const periods = await systemDb().$queryRaw<unknown[]>`
    SELECT "workspaceId", "productArea", "periodStart"::text AS start, quantity::text AS quantity, unit, "sourceEventCount"::text AS events
      FROM "BillingUsagePeriod" WHERE "workspaceId" = ANY(${workspaceIds}) ORDER BY 1, 2, 3`;
  return { daily, periods };
}

export async function versions(workspaceIds: string[]) {
  const rows = await systemDb().usageVersion.findMany({ where: { workspaceId: { in: workspaceIds } }, orderBy: { workspaceId: "asc" } });
  return rows.map((r) => ({ workspaceId: r.workspaceId, version: r.version, historyVersion: r.historyVersion }));
}
