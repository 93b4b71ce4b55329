// Fault tolerance of the metering pipeline on a real PostgreSQL server: several consumers racing
// over one queue, and a worker process killed with SIGKILL again and again while events (with
// duplicates, out of order, around local midnights) keep arriving; and the process that applies
// requests at ingest (the default, decision 0108) killed the same way mid-request. In every case
// the daily read model must end up equal to a ground truth computed here with exact decimal arithmetic.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { DEMO_WORKSPACES } from "@/lib/demo/demo-data";
import { applyBatch } from "@/lib/metering/apply-batch";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents, type IngestResult } from "@/lib/metering/ingest-events";
import { calendarDateIn, startOfDayIn } from "@/lib/periods/calendar-date";
import { seedDemoData } from "../support/demo";
import { seededRandom } from "@/lib/demo/synthetic-usage";
import { periodRollupMismatches, plain, scaled, usageTable, type Cell } from "../support/read-model";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The same command `npm run worker` runs (`tsx scripts/worker.ts`), without npm/npx in between. */
const TSX_CLI = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const GRACE_HOURS = 48;
const DAY_MS = 86_400_000;

// Reproducible traffic: FAULT_SEED=<n> replays a failing run's events (timing still varies).
const SEED = Number(process.env.FAULT_SEED) || Date.now() % 1_000_000_007;

// ---------------------------------------------------------------------------------------------
// Exact arithmetic and the read model

type Row = [key: string, quantity: string, events: number];

/** Every cell that changed, as (after − before), sorted. */
function delta(before: Map<string, Cell>, after: Map<string, Cell>): Row[] {
  const out: Row[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key) ?? { quantity: 0n, events: 0 };
    const a = after.get(key) ?? { quantity: 0n, events: 0 };
    if (a.quantity !== b.quantity || a.events !== b.events) out.push([key, plain(a.quantity - b.quantity), a.events - b.events]);
  }
  return out.sort((x, y) => x[0].localeCompare(y[0]));
}

const timeZoneOf = new Map(DEMO_WORKSPACES.map((w) => [w.id, w.timeZone]));

function usageDateOf(event: TrafficEvent): string {
  return calendarDateIn(new Date(event.occurredAt), timeZoneOf.get(event.workspaceId)!);
}

/** The ground truth: each distinct event once, on its workspace's local date. */
function truthOf(events: TrafficEvent[]): Row[] {
  const cells = new Map<string, Cell>();
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(`${event.workspaceId}|${event.id}`)) continue; // first occurrence wins
    seen.add(`${event.workspaceId}|${event.id}`);
    const key = `${event.workspaceId}|${event.productArea}|${usageDateOf(event)}`;
    const cell = cells.get(key) ?? { quantity: 0n, events: 0 };
    cell.quantity += scaled(event.quantity);
    cell.events += 1;
    cells.set(key, cell);
  }
  return [...cells].map(([key, cell]): Row => [key, plain(cell.quantity), cell.events]).sort((x, y) => x[0].localeCompare(y[0]));
}

/** Events still queued for the consumer. */
async function unprocessed(): Promise<number> {
  return systemDb().meteringInbox.count();
}

/** Events stored and no longer queued: applied. */
async function processed(): Promise<number> {
  const [row] = await systemDb().$queryRaw<{ n: number }[]>`
    SELECT ((SELECT count(*) FROM "MeteringEvent") - (SELECT count(*) FROM "MeteringInbox"))::int AS n`;
  return row!.n;
}

// ---------------------------------------------------------------------------------------------
// Traffic

interface TrafficEvent {
  id: string;
  workspaceId: string;
  productArea: string;
  quantity: string;
  occurredAt: string;
}

interface Traffic {
  /** Distinct events, in the order they are first sent. */
  unique: TrafficEvent[];
  /** What is sent, request by request (duplicates included). */
  batches: TrafficEvent[][];
  duplicateSends: number;
  sameBatchDuplicates: number;
  laterBatchDuplicates: number;
  /** First sends whose occurredAt is older than an event sent before them. */
  outOfOrder: number;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomQuantity(random: () => number): string {
  const magnitude = pick(random, [1, 10, 1_000, 100_000, 10_000_000, 1_000_000_000]);
  const whole = Math.floor(random() * magnitude);
  const digits = Math.floor(random() * 7); // 0–6 fractional digits
  if (digits === 0) return String(whole);
  const fraction = String(Math.floor(random() * 10 ** digits)).padStart(digits, "0");
  return `${whole}.${fraction}`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset of `timeZone` at `instant`, in minutes. */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** The same instant written with another UTC offset, as producers in other zones would send it. */
function withOffset(instant: Date, offsetMinutes: number): string {
  if (offsetMinutes === 0) return instant.toISOString();
  const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMinutes);
  const sign = offsetMinutes < 0 ? "-" : "+";
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * `count` distinct events over the last three days, half of them within minutes (or a
 * millisecond) of a workspace's local midnight; `outOfOrderRate` of them are held back and sent
 * after newer ones; `duplicateRate` of all sends re-send an event already sent, half of them in
 * the same request and half in a later one.
 */
function planTraffic(
  random: () => number,
  options: { prefix: string; count: number; now: Date; duplicateRate: number; outOfOrderRate: number; batchSize: [number, number] },
): Traffic {
  const { prefix, count, now, duplicateRate, outOfOrderRate } = options;
  const windowEnd = now.getTime() - 2 * 60_000;
  const windowStart = now.getTime() - 3 * DAY_MS;
  const midnights = new Map(
    DEMO_WORKSPACES.map((w) => {
      const instants: number[] = [];
      for (let back = 0; back <= 4; back++) {
        const day = calendarDateIn(new Date(now.getTime() - back * DAY_MS), w.timeZone);
        const instant = startOfDayIn(day, w.timeZone).getTime();
        if (instant > windowStart + 3_600_000 && instant < windowEnd - 3_600_000) instants.push(instant);
      }
      return [w.id, instants];
    }),
  );

  const drafts = Array.from({ length: count }, () => {
    const workspace = pick(random, DEMO_WORKSPACES);
    let at: number;
    const nearMidnight = midnights.get(workspace.id)!;
    if (random() < 0.5 && nearMidnight.length > 0) {
      const midnight = pick(random, nearMidnight);
      at = random() < 0.3 ? midnight + pick(random, [-1, 0, 1, -999, 999]) : midnight + Math.round((random() - 0.5) * 90 * 60_000);
    } else {
      at = windowStart + Math.floor(random() * (windowEnd - windowStart));
    }
    return { workspace, at };
  });
  drafts.sort((a, b) => a.at - b.at);

  // Hold some events back: each is sent 5–3000 positions after its place in time order.
  const arrival = drafts
    .map((draft, index) => ({ draft, key: random() < outOfOrderRate ? index + 5 + Math.floor(random() * 3000) + 0.5 : index }))
    .sort((a, b) => a.key - b.key)
    .map(({ draft }, index): TrafficEvent => {
      const { workspace, at } = draft;
      const instant = new Date(at);
      const offset = pick(random, [0, 0, zoneOffsetMinutes(instant, workspace.timeZone), 330, -480, 540]);
      return {
        id: `${prefix}-${index}`,
        workspaceId: workspace.id,
        productArea: pick(random, workspace.productAreas),
        quantity: randomQuantity(random),
        occurredAt: withOffset(instant, offset),
      };
    });

  let outOfOrder = 0;
  let newest = -Infinity;
  for (const event of arrival) {
    const at = new Date(event.occurredAt).getTime();
    if (at < newest) outOfOrder++;
    newest = Math.max(newest, at);
  }

  const batches: TrafficEvent[][] = [];
  const sentBefore: TrafficEvent[] = [];
  let current: TrafficEvent[] = [];
  let target = options.batchSize[0] + Math.floor(random() * (options.batchSize[1] - options.batchSize[0] + 1));
  let sameBatchDuplicates = 0;
  let laterBatchDuplicates = 0;
  // Duplicates are `duplicateRate` of all sends: d / (n + d) = rate.
  const perEvent = duplicateRate / (1 - duplicateRate);
  for (const event of arrival) {
    current.push(event);
    if (random() < perEvent) {
      const sameBatch = sentBefore.length === 0 || random() < 0.5;
      // Re-sent verbatim, like a producer retrying after a lost response; placed anywhere in the request.
      const duplicate = { ...pick(random, sameBatch ? current : sentBefore) };
      current.splice(Math.floor(random() * (current.length + 1)), 0, duplicate);
      if (sameBatch) sameBatchDuplicates++;
      else laterBatchDuplicates++;
    }
    if (current.length >= target) {
      batches.push(current);
      sentBefore.push(...current);
      current = [];
      target = options.batchSize[0] + Math.floor(random() * (options.batchSize[1] - options.batchSize[0] + 1));
    }
  }
  if (current.length > 0) batches.push(current);

  return {
    unique: arrival,
    batches,
    duplicateSends: sameBatchDuplicates + laterBatchDuplicates,
    sameBatchDuplicates,
    laterBatchDuplicates,
    outOfOrder,
  };
}

interface IngestTally {
  accepted: number;
  duplicates: number;
  rejected: IngestResult["rejected"];
}

/** Ingest the queued way: these tests are about the consumer (METERING_APPLY=consumer). */
async function ingestBatch(batch: TrafficEvent[], tally: IngestTally): Promise<void> {
  const result = await ingestEvents(
    batch.map((value) => ({ value })),
    { source: "api", applyAt: "consumer" },
  );
  tally.accepted += result.accepted;
  tally.duplicates += result.duplicates;
  tally.rejected.push(...result.rejected);
}

// ---------------------------------------------------------------------------------------------
// Worker processes

interface WorkerProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  output(): string;
  /** Resolves once the consumer has logged "started"; rejects if the process exits first. */
  started: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<WorkerProcess>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // the whole group: tsx and the node process it starts
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

function killAllWorkersNow(): void {
  for (const worker of running) signalGroup(worker.pid, "SIGKILL");
}
process.on("exit", killAllWorkersNow); // last resort if the test process dies without afterAll

/** Processes still in the group (zombies excluded), read from /proc where there is one. */
function liveGroupMembers(pgid: number): number[] {
  if (!existsSync("/proc/self/stat")) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") members.push(Number(entry));
  }
  return members;
}

interface ProcessOptions {
  /** The script tsx runs (default: the worker). */
  script?: string;
  env?: Record<string, string>;
  /** The output that says the process is up. */
  ready?: string;
}

function startWorker(
  name: string,
  { script = "scripts/worker.ts", env = {}, ready = '"message":"started"' }: ProcessOptions = {},
): WorkerProcess {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("application_name", name); // lets pg_stat_activity tell the workers apart
  const child = spawn(process.execPath, [TSX_CLI, "--conditions=react-server", script], {
    cwd: REPO_ROOT,
    detached: true, // its own process group, so a kill reaches tsx's child node process too
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      // Small batches keep a worker inside transactions most of its life, so kills land mid-batch.
      METERING_BATCH_SIZE: "10",
      METERING_POLL_MS: "20",
      METERING_GRACE_HOURS: String(GRACE_HOURS),
      NODE_ENV: "test",
      LOG_LEVEL: "info", // its "started" line is awaited (vitest.config.ts silences the test processes)
      ...env,
    },
  });
  if (child.pid === undefined) throw new Error(`could not start worker ${name}`);
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-50_000);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start within 30 s:\n${output}`)), 30_000);
    timer.unref();
    const check = () => {
      if (output.includes(ready)) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`worker ${name} exited (code ${code}, signal ${signal}) before starting:\n${output}`));
    });
  });
  started.catch(() => {}); // awaited by the caller; never an unhandled rejection
  const worker: WorkerProcess = { name, pid: child.pid, child, output: () => output, started, exit };
  running.add(worker);
  return worker;
}

/**
 * Stops a worker and waits until every process in its group is gone. SIGKILL goes to the whole
 * group: tsx and the node process it runs the script in. SIGTERM goes to that script process
 * only, so what is checked is scripts/worker.ts's own shutdown: tsx's signal relay is not
 * deterministic (it re-sends the signal, or SIGKILLs the script, when the script does not
 * acknowledge it within 30 ms), and a group-wide SIGTERM reaches `process.once` twice.
 */
async function stopWorker(worker: WorkerProcess, signal: NodeJS.Signals) {
  if (signal === "SIGKILL") {
    signalGroup(worker.pid, signal);
  } else {
    const script = liveGroupMembers(worker.pid).filter((pid) => pid !== worker.pid);
    if (script.length === 1) process.kill(script[0]!, signal);
    else worker.child.kill(signal); // no /proc: tsx relays it
  }
  try {
    const result = await within(worker.exit, 15_000, `worker ${worker.name} to exit on ${signal}`);
    await waitFor(() => liveGroupMembers(worker.pid).length === 0, 5_000, `worker ${worker.name}'s processes to exit`);
    return result;
  } finally {
    signalGroup(worker.pid, "SIGKILL"); // whatever happened above, nothing outlives this call
    running.delete(worker);
  }
}

/** Whether the worker's database session is inside a transaction right now. */
async function inTransaction(name: string): Promise<boolean> {
  const rows = await systemDb().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = ${name} AND xact_start IS NOT NULL`;
  return Number(rows[0]?.n ?? 0) > 0;
}

async function sessions(name: string): Promise<number> {
  const rows = await systemDb().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = ${name}`;
  return Number(rows[0]?.n ?? 0);
}

function workerErrors(worker: WorkerProcess): string[] {
  return worker
    .output()
    .split("\n")
    .filter((line) => /"level":"error"|Error|ERR!/.test(line));
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  await seedDemoData();
  console.log(`consumer fault tests: FAULT_SEED=${SEED}`);
});

afterAll(async () => {
  const left = [...running];
  killAllWorkersNow();
  await Promise.all(left.map((worker) => within(worker.exit, 10_000, `worker ${worker.name} to die`).catch(() => {})));
  running.clear();
  process.off("exit", killAllWorkersNow);
});

describe("metering consumer under concurrency and faults (PostgreSQL)", () => {
  it("two workers never double count: two in-process consumers racing", async () => {
    expect(await unprocessed()).toBe(0);
    expect(await periodRollupMismatches()).toEqual([]); // the seed's rows are rolled up too
    const before = await usageTable();
    const traffic = planTraffic(seededRandom(SEED), {
      prefix: "race-inproc",
      count: 5_000,
      now: new Date(),
      duplicateRate: 0,
      outOfOrderRate: 0.2,
      batchSize: [500, 500],
    });
    const tally: IngestTally = { accepted: 0, duplicates: 0, rejected: [] };
    for (const batch of traffic.batches) await ingestBatch(batch, tally);
    expect(tally).toEqual({ accepted: 5_000, duplicates: 0, rejected: [] });

    const options = { batchSize: 50, graceHours: GRACE_HOURS };
    const [first, second] = await Promise.all([drainQueue(options), drainQueue(options)]);
    expect(first + second).toBe(5_000);
    expect(first).toBeGreaterThan(0); // both really took part
    expect(second).toBeGreaterThan(0);

    expect(await unprocessed()).toBe(0);
    expect((await applyBatch(options)).applied).toBe(0);
    expect(delta(before, await usageTable())).toEqual(truthOf(traffic.unique));
    expect(await periodRollupMismatches()).toEqual([]);
  }, 60_000);

  it("two workers never double count: two `npm run worker` processes racing while events arrive", async () => {
    expect(await unprocessed()).toBe(0);
    const before = await usageTable();
    const traffic = planTraffic(seededRandom(SEED + 1), {
      prefix: "race-workers",
      count: 5_000,
      now: new Date(),
      duplicateRate: 0,
      outOfOrderRate: 0.2,
      batchSize: [200, 300],
    });
    const tally: IngestTally = { accepted: 0, duplicates: 0, rejected: [] };
    const names = ["consumer-race-a", "consumer-race-b"];
    const workers = names.map((name) => startWorker(name));
    const busySeen = new Map(names.map((name) => [name, 0]));
    try {
      await Promise.all(workers.map((worker) => worker.started));
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          for (const name of names) if (await inTransaction(name)) busySeen.set(name, busySeen.get(name)! + 1);
          await sleep(2);
        }
      })();
      try {
        for (const batch of traffic.batches) {
          await ingestBatch(batch, tally);
          await sleep(5);
        }
        await waitFor(async () => (await unprocessed()) === 0, 30_000, "the two workers to drain the queue");
      } finally {
        sampling = false;
        await sampler;
      }
      // Both are live consumers of this database (and each is seen inside a batch transaction, below).
      for (const name of names) expect(await sessions(name), name).toBeGreaterThan(0);
      for (const worker of workers) {
        const stopped = await stopWorker(worker, "SIGTERM");
        expect(stopped, `${worker.name}:\n${worker.output()}`).toEqual({ code: 0, signal: null });
      }
    } finally {
      for (const worker of workers) if (running.has(worker)) await stopWorker(worker, "SIGKILL");
    }
    console.log(`two worker processes: in-transaction samples ${JSON.stringify(Object.fromEntries(busySeen))}`);
    for (const worker of workers) expect(workerErrors(worker), worker.name).toEqual([]);
    for (const name of names) expect(busySeen.get(name), `${name} was never seen applying a batch`).toBeGreaterThan(0);

    expect(tally).toEqual({ accepted: 5_000, duplicates: 0, rejected: [] });
    expect(await unprocessed()).toBe(0);
    expect(delta(before, await usageTable())).toEqual(truthOf(traffic.unique));
    expect(await periodRollupMismatches()).toEqual([]);
  }, 60_000);

  it("SIGKILL fault test: a worker killed again and again while duplicated, out-of-order events arrive", async () => {
    const MIN_KILLS = 8;
    const MAX_KILLS = 30;
    const deadline = Date.now() + 45_000;
    expect(await unprocessed()).toBe(0);
    const before = await usageTable();
    const traffic = planTraffic(seededRandom(SEED + 2), {
      prefix: "fault",
      count: 12_000,
      now: new Date(),
      duplicateRate: 0.1,
      outOfOrderRate: 0.2,
      batchSize: [200, 400],
    });
    const sends = traffic.batches.reduce((sum, batch) => sum + batch.length, 0);
    // The generator really produces what the brief asks for.
    expect(sends).toBe(traffic.unique.length + traffic.duplicateSends);
    expect(traffic.duplicateSends / sends).toBeGreaterThan(0.08);
    expect(traffic.duplicateSends / sends).toBeLessThan(0.12);
    expect(traffic.sameBatchDuplicates).toBeGreaterThan(0);
    expect(traffic.laterBatchDuplicates).toBeGreaterThan(0);
    expect(traffic.outOfOrder / traffic.unique.length).toBeGreaterThan(0.15);
    expect(traffic.outOfOrder / traffic.unique.length).toBeLessThan(0.3);

    const killerRandom = seededRandom(SEED + 3);
    const tally: IngestTally = { accepted: 0, duplicates: 0, rejected: [] };
    const lives: { name: string; lifeMs: number; inTransaction: boolean; applied: number }[] = [];
    let generatorDone = false;
    let generatorError: unknown;
    let killerDone = false;

    const generator = (async () => {
      try {
        // The traffic is released in MIN_KILLS portions, one per worker life and two up front,
        // so each worker starts with a backlog and the kills land while it has work, on a fast
        // machine or a slow one.
        for (const [index, batch] of traffic.batches.entries()) {
          const dueAfterKills = Math.floor((index * MIN_KILLS) / traffic.batches.length) - 1;
          while (lives.length < dueAfterKills) {
            if (killerDone || Date.now() > deadline) throw new Error("generator stopped: the worker is no longer being restarted");
            await sleep(20);
          }
          await ingestBatch(batch, tally);
        }
      } catch (error) {
        generatorError = error;
      } finally {
        generatorDone = true;
      }
    })();

    const killer = (async () => {
      while ((!generatorDone || lives.length < MIN_KILLS) && lives.length < MAX_KILLS && Date.now() < deadline) {
        const worker = startWorker(`consumer-fault-${lives.length}`);
        try {
          await worker.started;
          const appliedBefore = await processed();
          const lifeMs = 150 + Math.floor(killerRandom() * 450);
          await sleep(lifeMs);
          const busy = await inTransaction(worker.name);
          const { signal } = await stopWorker(worker, "SIGKILL");
          expect(signal).toBe("SIGKILL");
          // PostgreSQL notices the dead client and rolls its open transaction back.
          await waitFor(async () => (await sessions(worker.name)) === 0, 10_000, `${worker.name}'s session to end`);
          lives.push({ name: worker.name, lifeMs, inTransaction: busy, applied: (await processed()) - appliedBefore });
        } finally {
          if (running.has(worker)) await stopWorker(worker, "SIGKILL");
        }
      }
    })().finally(() => {
      killerDone = true;
    });

    // Both loops are bounded by `deadline`; wait for both before failing on either.
    const [, killed] = await Promise.allSettled([generator, killer]);
    if (killed.status === "rejected") throw killed.reason;
    if (generatorError) throw generatorError;

    const backlogAfterFaults = await unprocessed();
    const final = startWorker("consumer-fault-final");
    try {
      await final.started;
      await waitFor(async () => (await unprocessed()) === 0, 30_000, "the final worker to drain the queue");
      const stopped = await stopWorker(final, "SIGTERM");
      expect(stopped, final.output()).toEqual({ code: 0, signal: null });
    } finally {
      if (running.has(final)) await stopWorker(final, "SIGKILL");
    }
    expect(workerErrors(final)).toEqual([]);
    expect(await drainQueue({ batchSize: 100, graceHours: GRACE_HOURS })).toBe(0);

    const summary = {
      seed: SEED,
      kills: lives.length,
      killsInsideTransaction: lives.filter((l) => l.inTransaction).length,
      livesThatApplied: lives.filter((l) => l.applied > 0).length,
      appliedPerLife: lives.map((l) => l.applied),
      backlogAfterFaults,
      uniqueEvents: traffic.unique.length,
      sends,
      duplicates: `${traffic.duplicateSends} (${traffic.sameBatchDuplicates} same request, ${traffic.laterBatchDuplicates} later)`,
      outOfOrder: traffic.outOfOrder,
    };
    console.log(`SIGKILL fault test: ${JSON.stringify(summary)}`);

    // The faults really happened, and hit the worker while it was working.
    expect(lives.length).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(summary.livesThatApplied).toBeGreaterThanOrEqual(2);
    expect(summary.killsInsideTransaction).toBeGreaterThanOrEqual(1);

    // Ingest: every distinct event stored once, every re-send recognised, nothing refused.
    expect(tally).toEqual({ accepted: traffic.unique.length, duplicates: traffic.duplicateSends, rejected: [] });
    expect(await systemDb().meteringEvent.count({ where: { eventId: { startsWith: "fault-" } } })).toBe(traffic.unique.length);

    // The read model: exactly the ground truth, each event counted once, on its local date.
    expect(await unprocessed()).toBe(0);
    expect(delta(before, await usageTable())).toEqual(truthOf(traffic.batches.flat()));
    expect(await periodRollupMismatches()).toEqual([]);
  }, 90_000);
  it("SIGKILL fault test on the ingest path: the process applying requests at ingest killed again and again mid-request", async () => {
    // Decision 0108: a request stores its events and adds them to the read model in one
    // statement. A process killed during it commits all of it or none; the producer re-sends every
    // request it got no answer to, so an answer lost after the commit comes back as duplicates.
    const KILLS = 8;
    const deadline = Date.now() + 60_000;
    expect(await unprocessed()).toBe(0);
    const before = await usageTable();
    // A pinned clock, the child's too: the day after New York's clocks went back, so the three
    // days of traffic cross that night as well as the workspaces' midnights.
    const now = new Date("2026-11-02T06:00:00Z");
    const traffic = planTraffic(seededRandom(SEED + 4), {
      prefix: "ingest-fault",
      count: 8_000,
      now,
      duplicateRate: 0.1,
      outOfOrderRate: 0.2,
      batchSize: [100, 300],
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ingest-fault-")), "batches.json");
    writeFileSync(file, JSON.stringify(traffic.batches));
    const acked: { accepted: number; duplicates: number; rejected: number }[] = [];
    const random = seededRandom(SEED + 5);
    const lives: { inTransaction: boolean; acked: number }[] = [];
    const readAcks = (output: string) => {
      for (const [, index, accepted, duplicates, rejected] of output.matchAll(/^ack (\d+) (\d+) (\d+) (\d+)$/gm)) {
        acked[Number(index)] = { accepted: Number(accepted), duplicates: Number(duplicates), rejected: Number(rejected) };
      }
    };
    const firstUnacked = () => {
      let index = 0;
      while (acked[index]) index++;
      return index;
    };

    while (firstUnacked() < traffic.batches.length) {
      if (Date.now() > deadline) throw new Error(`ingest fault test out of time after ${lives.length} kills`);
      const start = firstUnacked();
      const name = `ingest-fault-${lives.length}`;
      const app = startWorker(name, {
        script: "tests/support/ingest-process.ts",
        env: { INGEST_BATCHES_FILE: file, INGEST_START: String(start), INGEST_NOW: now.toISOString(), METERING_APPLY: "ingest" },
        ready: "ready",
      });
      try {
        await app.started;
        if (lives.length >= KILLS) {
          // Enough kills: let this life finish the traffic.
          await within(app.exit, 30_000, `${name} to ingest the rest`);
        } else {
          // Let it answer a few requests, then kill it once it is inside one (or after a while).
          const answers = 1 + Math.floor(random() * 4);
          await waitFor(() => (app.output().match(/^ack /gm) ?? []).length >= answers, 20_000, `${name} to answer ${answers} requests`);
          const until = Date.now() + 300;
          let busy = false;
          while (Date.now() < until && !(busy && random() < 0.3)) {
            busy = await inTransaction(name);
            if (!busy) await sleep(2);
          }
          const { signal } = await stopWorker(app, "SIGKILL");
          expect(signal).toBe("SIGKILL");
          await waitFor(async () => (await sessions(name)) === 0, 10_000, `${name}'s session to end`);
          readAcks(app.output());
          lives.push({ inTransaction: busy, acked: firstUnacked() - start });
          continue;
        }
      } finally {
        if (running.has(app)) await stopWorker(app, "SIGKILL");
      }
      readAcks(app.output());
      expect(app.output()).toMatch(/^done$/m);
    }

    const summary = {
      seed: SEED,
      kills: lives.length,
      killsInsideTransaction: lives.filter((l) => l.inTransaction).length,
      requestsAnsweredPerLife: lives.map((l) => l.acked),
      requests: traffic.batches.length,
      uniqueEvents: traffic.unique.length,
    };
    console.log(`SIGKILL ingest fault test: ${JSON.stringify(summary)}`);
    expect(lives.length).toBe(KILLS);
    expect(summary.killsInsideTransaction).toBeGreaterThanOrEqual(1);
    expect(lives.filter((l) => l.acked > 0).length).toBeGreaterThanOrEqual(2);

    // Every distinct event stored once and counted once, on its local date; nothing queued, nothing refused.
    const answered = acked.reduce((sum, a) => ({ accepted: sum.accepted + a.accepted, rejected: sum.rejected + a.rejected }), {
      accepted: 0,
      rejected: 0,
    });
    expect(answered.rejected).toBe(0);
    expect(answered.accepted).toBeLessThanOrEqual(traffic.unique.length); // a commit whose answer was lost is not counted here
    expect(await systemDb().meteringEvent.count({ where: { eventId: { startsWith: "ingest-fault-" } } })).toBe(traffic.unique.length);
    expect(await unprocessed()).toBe(0);
    expect(delta(before, await usageTable())).toEqual(truthOf(traffic.batches.flat()));
    expect(await periodRollupMismatches()).toEqual([]);
  }, 120_000);
});
