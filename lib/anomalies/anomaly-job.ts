// The detection job: every 30 s, re-examines only the workspaces whose usage version moved, whose
// local day changed (the daily run after local midnight) or whose budget changed since their last
// scan. Never on the ingest path: the consumer only moves UsageVersion, and a burst of batches
// within one interval costs one scan (the interval is the debounce).
import "server-only";
import { Prisma, systemDatabase, systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { Workspace } from "@/lib/db/generated/client";
import type { Job } from "@/lib/jobs/job";
import { calendarDateIn, parseCalendarDate, formatCalendarDate } from "@/lib/periods/calendar-date";
import { checkBudget } from "@/lib/budget/check-budget";
import { detectWorkspace } from "./detect-workspace";

interface ScanCandidate {
  workspace: Workspace;
  version: string;
  budgetUpdatedAt: Date | null;
}

/**
 * Every workspace with what its scan state is compared against. Unscoped on purpose (system
 * handle): the job's one cross-workspace read, of versions and scan states, no tenant's usage.
 */
async function unsafeScanCandidates(): Promise<
  (ScanCandidate & { scanned: { usageVersion: string; localDay: Date; budgetUpdatedAt: Date | null } | null })[]
> {
  const [workspaces, versions, scans, budgets] = await Promise.all([
    systemDb().workspace.findMany({ orderBy: { id: "asc" } }),
    systemDatabase().query<{ workspaceId: string; version: string }>(
      Prisma.sql`SELECT "workspaceId", version::text AS version FROM "UsageVersion"`,
    ),
    systemDb().anomalyScan.findMany(),
    systemDb().budget.findMany({ select: { workspaceId: true, updatedAt: true } }),
  ]);
  const version = new Map(versions.map((v) => [v.workspaceId, v.version]));
  const scan = new Map(scans.map((s) => [s.workspaceId, s]));
  const budget = new Map(budgets.map((b) => [b.workspaceId, b.updatedAt]));
  return workspaces.map((workspace) => {
    const s = scan.get(workspace.id);
    return {
      workspace,
      version: version.get(workspace.id) ?? "0",
      budgetUpdatedAt: budget.get(workspace.id) ?? null,
      scanned: s ? { usageVersion: s.usageVersion.toString(), localDay: s.localDay, budgetUpdatedAt: s.budgetUpdatedAt } : null,
    };
  });
}

export interface PassOutcome {
  examined: number;
  created: number;
  updated: number;
  resolved: number;
}

/**
 * Workspaces examined at once: on PostgreSQL, a few, so one's database round trips overlap
 * another's detection; the embedded database has one connection, so one.
 */
const defaultParallel = () => (env().DATABASE_URL ? 4 : 1);

async function scan(candidates: ScanCandidate[], now: Date, signal?: AbortSignal, parallel = defaultParallel()): Promise<PassOutcome> {
  const outcome: PassOutcome = { examined: 0, created: 0, updated: 0, resolved: 0 };
  const queue = [...candidates];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await scanOne(next, now, outcome, signal);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, worker));
  return outcome;
}

async function scanOne({ workspace, version, budgetUpdatedAt }: ScanCandidate, now: Date, outcome: PassOutcome, signal?: AbortSignal) {
  signal?.throwIfAborted();
  // The version was read before the scan: a batch landing during it makes the next tick look again.
  for (const result of [await detectWorkspace(workspace, now), await checkBudget(workspace, now)]) {
    outcome.created += result.created;
    outcome.updated += result.updated;
    outcome.resolved += result.resolved;
  }
  const state = {
    usageVersion: BigInt(version),
    localDay: parseCalendarDate(calendarDateIn(now, workspace.timeZone)),
    budgetUpdatedAt,
    scannedAt: now,
  };
  await systemDb().anomalyScan.upsert({
    where: { workspaceId: workspace.id },
    create: { workspaceId: workspace.id, ...state },
    update: state,
  });
  outcome.examined++;
}

/** One tick: the workspaces whose usage, local day or budget moved since their last scan. */
export async function runIncrementalPass({ now = new Date(), signal }: { now?: Date; signal?: AbortSignal } = {}): Promise<PassOutcome> {
  const due = (await unsafeScanCandidates()).filter(
    ({ workspace, version, budgetUpdatedAt, scanned }) =>
      !scanned ||
      scanned.usageVersion !== version ||
      formatCalendarDate(scanned.localDay) !== calendarDateIn(now, workspace.timeZone) ||
      scanned.budgetUpdatedAt?.getTime() !== budgetUpdatedAt?.getTime(),
  );
  return scan(due, now, signal);
}

/** Every workspace, whatever its scan state: for the seed, tests and the bench. */
export async function runFullPass({
  now = new Date(),
  signal,
  parallel,
}: { now?: Date; signal?: AbortSignal; parallel?: number } = {}): Promise<PassOutcome> {
  return scan(await unsafeScanCandidates(), now, signal, parallel);
}

export const anomalyJob: Job = {
  name: "anomaly-detection",
  every: 30_000,
  firstRunAfter: 30_000,
  run: (signal) => runIncrementalPass({ signal }),
};
