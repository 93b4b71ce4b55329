// A consumer batch is one transaction: a failure after the batch has been written (the
// `beforeCommit` seam) must leave the read model and the queue exactly as they were, and the
// same events must then be applied exactly once by the next batch. Runs on PGlite and, with
// DATABASE_URL set, on PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { DEMO_WORKSPACES } from "@/lib/demo/demo-data";
import { applyBatch } from "@/lib/metering/apply-batch";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { calendarDateIn, startOfDayIn } from "@/lib/periods/calendar-date";
import { backend } from "../support/test-database";
import { seedDemoData } from "../support/demo";
import { periodRollupMismatches, plain, queuedEventIds, scaled, usageTable, type Cell } from "../support/read-model";

const BATCH_SIZE = 50;
const EVENT_COUNT = 137; // two full batches and a partial one
// The events fall up to two days back, so just after a billing period ends some of them belong to
// a period already past a 48-hour grace; a longer grace keeps every one of them on time.
const GRACE_HOURS = 96;

interface GeneratedEvent {
  id: string;
  workspaceId: string;
  productArea: string;
  quantity: string;
  occurredAt: string;
}

async function usageVersions(): Promise<Record<string, string>> {
  const rows = await systemDb().$queryRaw<{ workspaceId: string; version: string }[]>`
    SELECT "workspaceId", version::text AS version FROM "UsageVersion" ORDER BY "workspaceId"`;
  return Object.fromEntries(rows.map((row) => [row.workspaceId, row.version]));
}

async function periodTable(): Promise<string[]> {
  const rows = await systemDb().$queryRaw<{ row: string }[]>`
    SELECT concat_ws('|', "workspaceId", "productArea", "periodStart"::text, quantity::text, "sourceEventCount"::text) AS row
      FROM "BillingUsagePeriod" ORDER BY 1`;
  return rows.map((r) => r.row);
}

/** Non-zero differences after − before, sorted, in a form `toEqual` diffs readably. */
function delta(before: Map<string, Cell>, after: Map<string, Cell>): [string, string, number][] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const out: [string, string, number][] = [];
  for (const key of keys) {
    const b = before.get(key) ?? { quantity: 0n, events: 0 };
    const a = after.get(key) ?? { quantity: 0n, events: 0 };
    if (a.quantity !== b.quantity || a.events !== b.events) out.push([key, plain(a.quantity - b.quantity), a.events - b.events]);
  }
  return out.sort((x, y) => x[0].localeCompare(y[0]));
}

function truthOf(events: GeneratedEvent[]): [string, string, number][] {
  const cells = new Map<string, Cell>();
  for (const event of events) {
    const timeZone = DEMO_WORKSPACES.find((w) => w.id === event.workspaceId)!.timeZone;
    const key = `${event.workspaceId}|${event.productArea}|${calendarDateIn(new Date(event.occurredAt), timeZone)}`;
    const cell = cells.get(key) ?? { quantity: 0n, events: 0 };
    cell.quantity += scaled(event.quantity);
    cell.events += 1;
    cells.set(key, cell);
  }
  return [...cells]
    .map(([key, cell]): [string, string, number] => [key, plain(cell.quantity), cell.events])
    .sort((x, y) => x[0].localeCompare(y[0]));
}

/** Deterministic events around each workspace's local midnights of the last two days. */
function generate(now: Date): GeneratedEvent[] {
  const events: GeneratedEvent[] = [];
  for (let i = 0; i < EVENT_COUNT; i++) {
    const workspace = DEMO_WORKSPACES[i % DEMO_WORKSPACES.length]!;
    const day = calendarDateIn(new Date(now.getTime() - (1 + (i % 2)) * 86_400_000), workspace.timeZone);
    const midnight = startOfDayIn(day, workspace.timeZone).getTime();
    const offsets = [-1, 0, 1, -3_600_000, 5_400_000, -60_000, 999];
    const occurredAt = new Date(midnight + offsets[i % offsets.length]! + i);
    events.push({
      id: `rollback-${i}`,
      workspaceId: workspace.id,
      productArea: workspace.productAreas[i % workspace.productAreas.length]!,
      quantity: `${(i * 7919) % 100_000}.${String((i * 104_729) % 1_000_000).padStart(6, "0")}`,
      occurredAt: occurredAt.toISOString(),
    });
  }
  return events;
}

beforeAll(() => seedDemoData());

describe(`consumer batch rollback on ${backend}`, () => {
  it("a batch that fails mid-way leaves the read model unchanged and is retried", async () => {
    const now = new Date();
    const events = generate(now);
    const ingested = await ingestEvents(
      events.map((value) => ({ value })),
      { source: "api", now, applyAt: "consumer" },
    );
    expect(ingested).toEqual({ accepted: EVENT_COUNT, duplicates: 0, rejected: [] });
    // Within one request, events are queued in key order (workspace, then id, bytewise).
    const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const queued = [...events].sort((a, b) => byKey(a.workspaceId, b.workspaceId) || byKey(a.id, b.id));

    const tableBefore = await usageTable();
    const periodsBefore = await periodTable();
    const versionsBefore = await usageVersions();

    // The fault fires after the batch's statement has run (so it really did write), before commit.
    let faults = 0;
    await expect(
      applyBatch({
        batchSize: BATCH_SIZE,
        graceHours: GRACE_HOURS,
        beforeCommit: () => {
          faults++;
          throw new Error("injected");
        },
      }),
    ).rejects.toThrow("injected");
    expect(faults).toBe(1);

    expect(delta(tableBefore, await usageTable())).toEqual([]);
    expect(await periodTable()).toEqual(periodsBefore);
    expect(await usageVersions()).toEqual(versionsBefore);
    expect(await queuedEventIds()).toEqual(queued.map((e) => e.id));

    // The retry claims the same (oldest) events and applies them exactly once.
    let commits = 0;
    const retry = await applyBatch({ batchSize: BATCH_SIZE, graceHours: GRACE_HOURS, beforeCommit: () => void commits++ });
    expect(commits).toBe(1);
    expect(retry.applied).toBe(BATCH_SIZE);
    expect(retry.lateAdjustments).toBe(0);

    expect(await queuedEventIds()).toEqual(queued.slice(BATCH_SIZE).map((e) => e.id));
    expect(delta(tableBefore, await usageTable())).toEqual(truthOf(queued.slice(0, BATCH_SIZE)));
    expect(new Set(retry.workspaceIds)).toEqual(new Set(queued.slice(0, BATCH_SIZE).map((e) => e.workspaceId)));

    // A second fault on a later batch rolls back only that batch.
    await expect(
      applyBatch({
        batchSize: BATCH_SIZE,
        graceHours: GRACE_HOURS,
        beforeCommit: async () => {
          await Promise.resolve();
          throw new Error("injected again");
        },
      }),
    ).rejects.toThrow("injected again");
    expect(delta(tableBefore, await usageTable())).toEqual(truthOf(queued.slice(0, BATCH_SIZE)));
    expect(await queuedEventIds()).toEqual(queued.slice(BATCH_SIZE).map((e) => e.id));

    // The rest drains; nothing is applied twice and nothing is left.
    expect(await drainQueue({ batchSize: BATCH_SIZE, graceHours: GRACE_HOURS })).toBe(EVENT_COUNT - BATCH_SIZE);
    expect((await applyBatch({ batchSize: BATCH_SIZE, graceHours: GRACE_HOURS })).applied).toBe(0);
    expect(await queuedEventIds()).toEqual([]);
    expect(delta(tableBefore, await usageTable())).toEqual(truthOf(events));
    expect(await periodRollupMismatches()).toEqual([]);
    // On-time events are written once and never rewritten: only late adjustments are flagged.
    expect(await systemDb().meteringEvent.count({ where: { OR: [{ lateAdjustment: true }, { processedAt: { not: null } }] } })).toBe(0);
  });
});
