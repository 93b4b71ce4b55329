// npm run bench:ingest — the metering pipeline's benchmark on PostgreSQL. It prints figures and
// never asserts a target (see docs/performance.md for the measured results).
//
//   1. a fresh database `billing_bench` on the DATABASE_URL server, migrated and seeded (created
//      and migrated as MIGRATION_DATABASE_URL's owner role when it is set: bench-roles.ts);
//   2. a production server (`next start`) with the inline consumer, plus `--workers K` extra
//      `scripts/worker.ts` processes;
//   3. N events through POST /api/metering/events (JSON arrays of up to 1,000 events, `--concurrency`
//      requests in flight), timed from the first request sent until the last event is applied to
//      BillingUsageDaily; freshness (applied − receivedAt) from samples of the consumer's queue
//      (bench-ingest-freshness.ts);
//   4. with the server stopped, the raw-SQL limit on the same events in the same database:
//      COPY ... FROM STDIN into a table like MeteringEvent (a regular, WAL-logged table with the
//      same columns, defaults, constraints and indexes; `--unlogged` makes it UNLOGGED), then one
//      set-based rollup (INSERT ... SELECT ... GROUP BY workspace, product area, local date);
//   5. a summary table with the targets next to the figures.
//
// Options: --events N (or BENCH_EVENTS; default 1,000,000), --concurrency C (default 4),
// --batch B (events per request, ≤ 1000), --workers K (default 0: on 2 cores an extra worker process
// costs more end-to-end throughput than it gains, measured in docs/performance.md), --port P (default: the first
// free port from 3200), --build (rebuild even when .next/BUILD_ID exists), --unlogged, --skip-raw,
// --cpu-prof (the server writes V8 CPU profiles into the log folder, for docs/performance.md),
// --rate R (offer R events/s, paced per request, instead of as fast as the server answers: the
// freshness a steady load sees, as opposed to the backlog a flat-out burst builds).
// METERING_BATCH_SIZE / METERING_POLL_MS in the environment are passed to the server and workers.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { QueueHeadSampler } from "./bench-ingest-freshness";
import { benchUrls, checkpoint } from "./bench-roles";
import {
  cleanup,
  cpuSnapshot as readCpuSnapshot,
  freePort,
  onCleanup,
  run,
  startChild,
  stopChild,
  toolEnv,
  type CpuSnapshot,
} from "./bench-support";

// ───────────────────────────── options ─────────────────────────────

const TARGET_EVENTS_PER_SECOND = 25_000;
const TARGET_RAW_RATIO = 0.5;
const TARGET_P99_SECONDS = 2;
const MAX_EVENTS_PER_REQUEST = 1000;
const BENCH_DB = process.env.BENCH_DATABASE || "billing_bench"; // another name when several checkouts share one server
const INGEST_TOKEN = "bench-ingest-token-0123456789abcdef";
const AUTH_SECRET = "bench-nextauth-secret-0123456789abcdef0123456789";

interface Options {
  events: number;
  concurrency: number;
  batch: number;
  workers: number;
  port: number | null;
  build: boolean;
  unlogged: boolean;
  skipRaw: boolean;
  cpuProf: boolean;
  /** Events/s to offer (open loop, paced per request); null = as fast as the server answers. */
  rate: number | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    events: positiveInt(process.env.BENCH_EVENTS ?? "1000000", "BENCH_EVENTS"),
    concurrency: 4,
    batch: MAX_EVENTS_PER_REQUEST,
    workers: 1, // the app process is busy with HTTP; a worker process applies events on the other core
    port: null,
    build: false,
    unlogged: false,
    skipRaw: false,
    cpuProf: false,
    rate: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--events":
        options.events = positiveInt(value(), flag);
        break;
      case "--concurrency":
        options.concurrency = positiveInt(value(), flag);
        break;
      case "--batch":
        options.batch = Math.min(MAX_EVENTS_PER_REQUEST, positiveInt(value(), flag));
        break;
      case "--workers":
        options.workers = nonNegativeInt(value(), flag);
        break;
      case "--port":
        options.port = positiveInt(value(), flag);
        break;
      case "--build":
        options.build = true;
        break;
      case "--unlogged":
        options.unlogged = true;
        break;
      case "--skip-raw":
        options.skipRaw = true;
        break;
      case "--rate":
        options.rate = positiveInt(value(), flag);
        break;
      case "--cpu-prof":
        options.cpuProf = true;
        break;
      case "--help":
      case "-h":
        console.log(
          "npm run bench:ingest -- [--events N] [--concurrency C] [--batch B] [--workers K] [--port P] [--rate R] [--build] [--unlogged] [--skip-raw] [--cpu-prof]",
        );
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg} (try --help)`);
    }
  }
  return options;
}

function positiveInt(text: string, name: string): number {
  const n = Number(text.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${text}`);
  return n;
}

function nonNegativeInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${text}`);
  return n;
}

// Processes and cleanup (children in their own process groups, stopped on exit or interrupt)
// come from bench-support, shared with bench:api and bench:export.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ───────────────────────────── CPU accounting (Linux /proc; skipped elsewhere) ─────────────────────────────

/** Linux only: elsewhere the CPU figures are left out. */
const cpuSnapshot = (): CpuSnapshot | null => (existsSync("/proc/stat") ? readCpuSnapshot() : null);

/** CPU seconds spent between two snapshots, by role. */
function cpuBreakdown(a: CpuSnapshot, b: CpuSnapshot, groups: { server: number[]; workers: number[] }, selfGroup: number) {
  const out = { server: 0, workers: 0, postgres: 0, bench: 0, other: 0, idle: b.idle - a.idle, busy: b.busy - a.busy };
  for (const [pid, p] of b.procs) {
    const delta = p.seconds - (a.procs.get(pid)?.seconds ?? 0);
    if (delta <= 0) continue;
    if (groups.server.includes(p.pgrp)) out.server += delta;
    else if (groups.workers.includes(p.pgrp)) out.workers += delta;
    else if (p.comm === "postgres") out.postgres += delta;
    else if (p.pgrp === selfGroup) out.bench += delta;
  }
  out.other = Math.max(0, out.busy - out.server - out.workers - out.postgres - out.bench);
  return out;
}

// ───────────────────────────── events ─────────────────────────────

const TENANTS: { workspaceId: string; areas: string[] }[] = [
  {
    workspaceId: "ws_acme",
    areas: [
      "compute",
      "gpu",
      "storage",
      "bandwidth",
      "api-requests",
      "functions",
      "database",
      "ai-tokens",
      "logs",
      "builds",
      "email",
      "realtime",
    ],
  },
  { workspaceId: "ws_globex", areas: ["compute", "storage", "bandwidth", "api-requests", "database", "logs"] },
  { workspaceId: "ws_initech", areas: ["compute", "storage", "api-requests"] },
];
const PAIRS = TENANTS.flatMap((t) => t.areas.map((area) => ({ workspaceId: t.workspaceId, area })));

interface BenchEvent {
  id: string;
  workspaceId: string;
  productArea: string;
  quantity: string;
  occurredAt: string;
}

/** Deterministic events: event i is the same in the HTTP run and in the raw COPY. */
function makeEvents(count: number, runId: string, now: number): BenchEvent[] {
  let state = 0x9e3779b9;
  const random = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const twoDaysMs = 2 * 86_400_000;
  const events = new Array<BenchEvent>(count);
  for (let i = 0; i < count; i++) {
    const pair = PAIRS[Math.floor(random() * PAIRS.length)]!;
    events[i] = {
      id: `${runId}-${i}`,
      workspaceId: pair.workspaceId,
      productArea: pair.area,
      quantity: (random() * 1000).toFixed(3),
      // strictly in the past (up to 2 days), never in the future
      occurredAt: new Date(now - 1000 - Math.floor(random() * (twoDaysMs - 60_000))).toISOString(),
    };
  }
  return events;
}

// ───────────────────────────── COPY FROM STDIN without pg-copy-streams ─────────────────────────────

/** The parts of pg's (untyped) Connection a COPY FROM STDIN needs. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/**
 * A pg "Submittable" speaking the COPY sub-protocol directly (what pg-copy-streams does):
 * Query → CopyInResponse → CopyData… → CopyDone → CommandComplete → ReadyForQuery,
 * honouring the socket's back-pressure.
 */
class CopyFromStdin implements pg.Submittable {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: unknown) => void;
  private rows = 0;
  private failed = false;

  constructor(
    private readonly sql: string,
    private readonly chunks: Buffer[],
  ) {
    this.done = new Promise<number>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: pg.Connection): void {
    (connection as unknown as CopyConnection).query(this.sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    void (async () => {
      try {
        for (const chunk of this.chunks) {
          connection.sendCopyFromChunk(chunk);
          if (connection.stream.writableNeedDrain) {
            await new Promise<void>((resolve) => connection.stream.once("drain", () => resolve()));
          }
        }
        connection.endCopyFrom();
      } catch (error) {
        connection.sendCopyFail(String(error));
      }
    })();
  }

  handleCommandComplete(message: { text?: string }): void {
    const match = /^COPY (\d+)/.exec(message.text ?? "");
    if (match) this.rows = Number(match[1]);
  }

  handleError(error: unknown): void {
    this.failed = true;
    this.reject(error);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.resolve(this.rows);
  }

  // Not expected during COPY FROM, but the client may call them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
}

/** COPY text format: tab-separated, \N for NULL (none of our values contain tabs, newlines or backslashes). */
function copyChunks(events: BenchEvent[], chunkBytes = 1 << 20): Buffer[] {
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  let size = 0;
  for (const e of events) {
    const line = `${e.workspaceId}\t${e.id}\t${e.productArea}\t${e.quantity}\t${UNITS.get(e.productArea)}\t${e.occurredAt}\t\\N\tapi\n`;
    lines.push(line);
    size += line.length;
    if (size >= chunkBytes) {
      chunks.push(Buffer.from(lines.join("")));
      lines = [];
      size = 0;
    }
  }
  if (lines.length) chunks.push(Buffer.from(lines.join("")));
  return chunks;
}

// Units as the catalogue defines them (lib/demo/demo-data.ts); checked against the database below.
const UNITS = new Map<string, string>();

// ───────────────────────────── the run ─────────────────────────────

interface IngestTotals {
  requests: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  firstErrors: string[];
  requestMs: number[];
}

async function sendAll(
  url: string,
  bodies: string[],
  concurrency: number,
  totals: IngestTotals,
  pace: { start: number; msPerRequest: number } | null,
): Promise<void> {
  let next = 0;
  const sender = async () => {
    for (;;) {
      const index = next++;
      if (index >= bodies.length) return;
      if (pace) {
        const due = pace.start + index * pace.msPerRequest;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const started = performance.now();
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${INGEST_TOKEN}` },
        body: bodies[index]!,
      });
      const text = await response.text();
      totals.requestMs.push(performance.now() - started);
      totals.requests++;
      if (response.status !== 202) {
        if (totals.firstErrors.length < 5) totals.firstErrors.push(`HTTP ${response.status}: ${text.slice(0, 300)}`);
        throw new Error(`Request ${index} failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
      }
      const result = JSON.parse(text) as { accepted: number; duplicates: number; rejected: { code: string; message: string }[] };
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
      totals.rejected += result.rejected.length;
      if (result.rejected.length && totals.firstErrors.length < 5) {
        totals.firstErrors.push(`rejected: ${JSON.stringify(result.rejected.slice(0, 2))}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const urls = benchUrls(BENCH_DB);
  const benchUrl = urls.app;
  const logDir = mkdtempSync(path.join(tmpdir(), "bench-ingest-"));
  const passThrough = Object.fromEntries(
    ["METERING_BATCH_SIZE", "METERING_POLL_MS", "METERING_GRACE_HOURS"].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])),
  );

  console.log(
    `bench:ingest — ${options.events.toLocaleString("en-US")} events, ${options.concurrency} requests in flight, ` +
      `${options.batch} events/request, ${options.workers} extra worker(s)` +
      (options.rate ? `, offered at ${options.rate.toLocaleString("en-US")} events/s` : ", as fast as possible") +
      (Object.keys(passThrough).length ? `, ${JSON.stringify(passThrough)}` : ""),
  );
  const roles =
    urls.owner.username === benchUrl.username
      ? `as ${benchUrl.username || "the default user"}`
      : `as ${benchUrl.username}, owned by ${urls.owner.username}`;
  console.log(`  database server ${benchUrl.host}, bench database ${BENCH_DB} ${roles}; logs in ${logDir}\n`);

  // 1. build
  if (options.build || !existsSync(".next/BUILD_ID")) {
    run("Building the app (next build)", "npx", ["next", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  } else {
    console.log("▸ Reusing the production build in .next (pass --build to rebuild)");
  }

  // 2. fresh database, migrated and seeded
  console.log(`▸ Creating database ${BENCH_DB}`);
  const admin = new pg.Client({ connectionString: urls.admin.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${BENCH_DB}"`);
  const serverVersion = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  await admin.end();
  const databaseEnv = { DATABASE_URL: benchUrl.toString(), MIGRATION_DATABASE_URL: urls.owner.toString() };
  run("Migrating", "npm", ["run", "--silent", "db:migrate"], toolEnv(databaseEnv));
  run("Seeding (DEMO_MODE=1)", "npm", ["run", "--silent", "db:seed"], toolEnv({ ...databaseEnv, DEMO_MODE: "1" }));

  const pool = new pg.Pool({ connectionString: benchUrl.toString(), max: 4 });
  pool.on("error", (error) => console.error(`  ! monitoring connection: ${error.message}`));
  onCleanup(() => pool.end());
  for (const row of (await pool.query<{ key: string; unit: string }>(`SELECT key, unit FROM "ProductArea"`)).rows)
    UNITS.set(row.key, row.unit);
  const missing = PAIRS.filter((p) => !UNITS.has(p.area));
  if (missing.length) throw new Error(`The seeded catalogue lacks ${missing.map((p) => p.area).join(", ")}`);

  // 3. server and workers
  const port = options.port ?? (await freePort(3200));
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...passThrough,
    NODE_ENV: "production",
    DATABASE_URL: benchUrl.toString(),
    NEXTAUTH_SECRET: AUTH_SECRET,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    METERING_INGEST_TOKEN: INGEST_TOKEN,
    METRICS_TOKEN: process.env.METRICS_TOKEN ?? "bench-metrics-token-bench-metrics",
    NOTIFICATIONS_KEY: process.env.NOTIFICATIONS_KEY ?? "YmVuY2gtbm90aWZpY2F0aW9ucy1rZXktMDAwMDAwMDA=",
    METERING_CONSUMER: "inline",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete appEnv.DEMO_MODE;
  delete appEnv.MIGRATION_DATABASE_URL; // the server's, not the bench database's
  delete appEnv.NATS_URL; // HTTP ingest only: no JetStream source in the measured processes
  // Node 20 refuses --cpu-prof in NODE_OPTIONS: it goes on the server's own command line.
  const profArgs = options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${path.join(logDir, "cpu-prof")}`] : [];
  console.log(`▸ Starting next start on port ${port} (NODE_ENV=production, METERING_CONSUMER=inline)`);
  const server = startChild(
    "next start",
    process.execPath,
    [...profArgs, "node_modules/next/dist/bin/next", "start", "-p", String(port)],
    appEnv,
    path.join(logDir, "server.log"),
  );
  const ingestUrl = `http://127.0.0.1:${port}/api/metering/events`;
  const readyBy = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}); see ${logDir}/server.log`);
    try {
      // An empty batch is a valid no-op: it loads the route (and the database pool) before timing.
      const response = await fetch(ingestUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${INGEST_TOKEN}` },
        body: "[]",
      });
      await response.text();
      if (response.status === 202) break;
      throw new Error(`warm-up answered HTTP ${response.status}`);
    } catch (error) {
      if (Date.now() > readyBy) throw new Error(`The server did not become ready: ${String(error)}; see ${logDir}/server.log`);
      await sleep(250);
    }
  }
  for (let i = 0; i < 5; i++) {
    await (
      await fetch(ingestUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${INGEST_TOKEN}` },
        body: "[]",
      })
    ).text();
  }
  const workerPids: number[] = [];
  const workerProcesses: ChildProcess[] = [];
  for (let k = 0; k < options.workers; k++) {
    console.log(`▸ Starting worker ${k + 1} (tsx scripts/worker.ts)`);
    const worker = startChild(
      `worker ${k + 1}`,
      path.resolve("node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/worker.ts"],
      appEnv,
      path.join(logDir, `worker-${k + 1}.log`),
    );
    workerPids.push(worker.pid!);
    workerProcesses.push(worker);
  }
  if (options.workers) await sleep(3000); // let the workers load and connect

  // 4. events, generated before the clock starts
  const runId = `bench${Date.now().toString(36)}`;
  console.log(`▸ Generating ${options.events.toLocaleString("en-US")} events`);
  const events = makeEvents(options.events, runId, Date.now());
  let bodies: string[] = [];
  for (let i = 0; i < events.length; i += options.batch) bodies.push(JSON.stringify(events.slice(i, i + options.batch)));
  const bodyBytes = bodies.reduce((sum, b) => sum + b.length, 0); // ASCII only

  const before = (await pool.query<{ n: string }>(`SELECT coalesce(sum("sourceEventCount"), 0)::bigint AS n FROM "BillingUsageDaily"`))
    .rows[0]!.n;
  await checkpoint(pool);

  console.log(`▸ Sending ${bodies.length.toLocaleString("en-US")} requests (${(bodyBytes / 1e6).toFixed(0)} MB of JSON)`);
  const totals: IngestTotals = { requests: 0, accepted: 0, duplicates: 0, rejected: 0, firstErrors: [], requestMs: [] };
  const cpuBefore = cpuSnapshot();
  const t0Wall = new Date();
  const t0 = performance.now();
  const backlogSamples: { t: number; backlog: number; accepted: number }[] = [];
  const queueHead = new QueueHeadSampler(pool);
  queueHead.start();
  let sampling = false;
  const progress = setInterval(() => {
    if (sampling) return;
    sampling = true;
    void pool
      .query<{ n: number }>(`SELECT count(*)::int AS n FROM "MeteringInbox"`)
      .then(({ rows }) => {
        const t = (performance.now() - t0) / 1000;
        backlogSamples.push({ t, backlog: rows[0]!.n, accepted: totals.accepted });
        console.log(
          `  ${t.toFixed(0).padStart(4)} s  accepted ${totals.accepted.toLocaleString("en-US").padStart(11)}  ` +
            `applied ${(totals.accepted - rows[0]!.n).toLocaleString("en-US").padStart(11)}  backlog ${rows[0]!.n.toLocaleString("en-US")}`,
        );
      })
      .catch(() => {})
      .finally(() => (sampling = false));
  }, 5000);

  try {
    await sendAll(
      ingestUrl,
      bodies,
      options.concurrency,
      totals,
      options.rate ? { start: t0, msPerRequest: (1000 * options.batch) / options.rate } : null,
    );
  } finally {
    clearInterval(progress);
  }
  const tIngest = performance.now();
  bodies = [];

  // last event applied: nothing left unprocessed (every 202 was committed before it was answered)
  let lastBacklog = Number.POSITIVE_INFINITY;
  let lastProgressAt = performance.now();
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM "MeteringInbox" LIMIT 100000) q`);
    const backlog = rows[0]!.n;
    if (backlog === 0) break;
    if (backlog < lastBacklog) {
      lastBacklog = backlog;
      lastProgressAt = performance.now();
    } else if (performance.now() - lastProgressAt > 120_000) {
      throw new Error(`The consumer made no progress for 120 s (backlog ${backlog}); see ${logDir}`);
    }
    await sleep(backlog > 50_000 ? 250 : 20);
  }
  const tApplied = performance.now();
  const cpuAfter = cpuSnapshot();
  await queueHead.stop();
  const selfGroup = existsSync("/proc/self/stat") ? Number(readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ")[2]) : -1;
  const cpu = cpuBefore && cpuAfter ? cpuBreakdown(cpuBefore, cpuAfter, { server: [server.pid!], workers: workerPids }, selfGroup) : null;

  const ingestSeconds = (tIngest - t0) / 1000;
  const e2eSeconds = (tApplied - t0) / 1000;

  const fresh = await queueHead.freshness(runId);
  const after = (await pool.query<{ n: string }>(`SELECT coalesce(sum("sourceEventCount"), 0)::bigint AS n FROM "BillingUsageDaily"`))
    .rows[0]!.n;
  const grew = BigInt(after) - BigInt(before);
  const stored = fresh.n;
  const consistent = totals.accepted === options.events && grew === BigInt(options.events) && stored === options.events;

  // 5. stop the app before measuring the raw limit, so both run on an otherwise idle machine
  console.log("▸ Stopping the server and workers");
  await Promise.all([server, ...workerProcesses].map((child) => stopChild(child)));

  let raw: {
    copySeconds: number;
    rollupSeconds: number;
    rows: number;
    rolledUp: string;
    groups: number;
    cpuSeconds: number | null;
  } | null = null;
  if (!options.skipRaw) {
    const kind = options.unlogged ? "UNLOGGED" : "regular (WAL-logged)";
    console.log(`▸ Raw-SQL limit: COPY FROM STDIN into a ${kind} copy of MeteringEvent, then one set-based rollup`);
    // As the owner: the app's role may not create tables, and a TEMP table would skip the WAL.
    const client = new pg.Client({ connectionString: urls.owner.toString() });
    onCleanup(() => client.end());
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS bench_raw_event, bench_raw_daily`);
    await client.query(`CREATE ${options.unlogged ? "UNLOGGED " : ""}TABLE bench_raw_event (LIKE "MeteringEvent" INCLUDING ALL)`);
    // Its own sequence, so it does not share MeteringEvent's.
    await client.query(`ALTER TABLE bench_raw_event ALTER COLUMN seq DROP DEFAULT`);
    await client.query(`CREATE SEQUENCE bench_raw_event_seq OWNED BY bench_raw_event.seq`);
    await client.query(`ALTER TABLE bench_raw_event ALTER COLUMN seq SET DEFAULT nextval('bench_raw_event_seq')`);
    await client.query(`CREATE ${options.unlogged ? "UNLOGGED " : ""}TABLE bench_raw_daily (LIKE "BillingUsageDaily" INCLUDING ALL)`);
    const chunks = copyChunks(events);
    await checkpoint(client);

    const rawCpuBefore = cpuSnapshot();
    const c0 = performance.now();
    const copy = new CopyFromStdin(
      `COPY bench_raw_event ("workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source) FROM STDIN`,
      chunks,
    );
    client.query(copy);
    const rows = await copy.done;
    const c1 = performance.now();
    const rollup = await client.query(
      `INSERT INTO bench_raw_daily ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
       SELECT e."workspaceId", e."productArea", (e."occurredAt" AT TIME ZONE w."timeZone")::date, sum(e.quantity), min(e.unit), count(*), now()
         FROM bench_raw_event e JOIN "Workspace" w ON w.id = e."workspaceId"
        GROUP BY 1, 2, 3`,
    );
    const c2 = performance.now();
    const rawCpuAfter = cpuSnapshot();
    const rawCpu = rawCpuBefore && rawCpuAfter ? cpuBreakdown(rawCpuBefore, rawCpuAfter, { server: [], workers: [] }, selfGroup) : null;
    const rolledUp = (await client.query<{ n: string }>(`SELECT sum("sourceEventCount")::bigint AS n FROM bench_raw_daily`)).rows[0]!.n;
    raw = {
      copySeconds: (c1 - c0) / 1000,
      rollupSeconds: (c2 - c1) / 1000,
      rows,
      rolledUp,
      groups: rollup.rowCount ?? 0,
      cpuSeconds: rawCpu ? rawCpu.postgres + rawCpu.bench : null,
    };
  }

  // 6. report
  const n = options.events;
  const e2eRate = n / e2eSeconds;
  const ingestRate = n / ingestSeconds;
  const rawSeconds = raw ? raw.copySeconds + raw.rollupSeconds : NaN;
  const rawRate = raw ? n / rawSeconds : NaN;
  const ratio = e2eRate / rawRate;
  const requestMs = totals.requestMs.sort((a, b) => a - b);
  const fmt = (x: number, digits = 0) =>
    Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "—";
  const mark = (ok: boolean) => (ok ? "met" : "MISSED");

  console.log(`\nIngest details`);
  console.log(`  requests ${totals.requests}, accepted ${totals.accepted}, duplicates ${totals.duplicates}, rejected ${totals.rejected}`);
  for (const line of totals.firstErrors) console.log(`  ${line}`);
  console.log(
    `  request latency p50 ${fmt(percentile(requestMs, 0.5))} ms, p99 ${fmt(percentile(requestMs, 0.99))} ms, max ${fmt(requestMs.at(-1) ?? NaN)} ms`,
  );
  console.log(
    `  backlog at end of ingest ${fmt(backlogSamples.at(-1)?.backlog ?? NaN)} (last sample); drain after ingest ${fmt((tApplied - tIngest) / 1000, 2)} s`,
  );
  console.log(
    `  DB clock: first receivedAt → last applied ${fmt((fresh.lastApplied.getTime() - fresh.firstReceived.getTime()) / 1000, 2)} s ` +
      `(client: first request ${t0Wall.toISOString()})`,
  );
  console.log(`  freshness max ${fmt(fresh.max, 3)} s`);
  if (cpu) {
    const capacity = cpu.busy + cpu.idle;
    if (cpu.other / capacity > 0.1) {
      console.log(
        `  ! other processes used ${fmt((100 * cpu.other) / capacity)} % of the CPU during the run: the figures understate this machine`,
      );
    }
    const share = (x: number) => `${fmt(x, 1)} s (${fmt((100 * x) / capacity)} %)`;
    console.log(
      `  CPU over the timed run (${fmt(capacity, 1)} CPU-s available): app server ${share(cpu.server)}, ` +
        (options.workers ? `workers ${share(cpu.workers)}, ` : "") +
        `PostgreSQL ${share(cpu.postgres)}, bench client ${share(cpu.bench)}, other ${share(cpu.other)}, idle ${share(cpu.idle)}`,
    );
  }
  if (cpu) {
    const pipelineCpu = cpu.server + cpu.workers + cpu.postgres + cpu.bench;
    const cores = (await import("node:os")).cpus().length;
    console.log(
      `  CPU per event, pipeline (app + workers + PostgreSQL + client): ${fmt((pipelineCpu / n) * 1e6, 1)} µs ` +
        `→ ${fmt((n / pipelineCpu) * cores)} events/s if it had all ${cores} CPUs to itself` +
        (raw?.cpuSeconds ? `; raw SQL (PostgreSQL + client): ${fmt((raw.cpuSeconds / n) * 1e6, 1)} µs` : ""),
    );
  }
  if (options.cpuProf) console.log(`  V8 CPU profiles of the server: ${path.join(logDir, "cpu-prof")}`);
  if (raw) {
    console.log(
      `  raw: COPY ${raw.rows.toLocaleString("en-US")} rows ${fmt(raw.copySeconds, 2)} s (${fmt(n / raw.copySeconds)} rows/s), ` +
        `rollup ${fmt(raw.rollupSeconds, 2)} s into ${raw.groups} daily rows (sum of counts ${raw.rolledUp})`,
    );
  }

  const rows: [string, string, string, string][] = [
    ["events", fmt(n), "", ""],
    ["seconds, end to end", fmt(e2eSeconds, 2), "", ""],
    ["events/s end to end", fmt(e2eRate), `≥ ${fmt(TARGET_EVENTS_PER_SECOND)}`, mark(e2eRate >= TARGET_EVENTS_PER_SECOND)],
    [`events/s ingest only (HTTP 202s)${options.rate ? `, offered ${fmt(options.rate)}` : ""}`, fmt(ingestRate), "", ""],
    ["freshness p50 (s)", fmt(fresh.p50, 3), "", ""],
    ["freshness p99 (s)", fmt(fresh.p99, 3), `≤ ${TARGET_P99_SECONDS}`, mark(fresh.p99 <= TARGET_P99_SECONDS)],
    [`raw-SQL events/s (COPY + rollup, ${options.unlogged ? "unlogged" : "logged"})`, raw ? fmt(rawRate) : "skipped", "", ""],
    [
      "pipeline / raw-SQL",
      raw ? `${fmt(ratio * 100, 1)} %` : "—",
      `≥ ${TARGET_RAW_RATIO * 100} %`,
      raw ? mark(ratio >= TARGET_RAW_RATIO) : "—",
    ],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), ["metric", "value", "target", ""][c]!.length));
  const line = (cells: string[]) =>
    `  ${cells[0]!.padEnd(widths[0]!)}  ${cells[1]!.padStart(widths[1]!)}  ${cells[2]!.padEnd(widths[2]!)}  ${cells[3]!}`;
  console.log(
    `\nSummary (PostgreSQL ${serverVersion}, ${(await import("node:os")).cpus().length} CPUs, ${new Date().toISOString().slice(0, 10)})`,
  );
  console.log(line(["metric", "value", "target", ""]));
  console.log(line(widths.map((w) => "─".repeat(w!))));
  for (const r of rows) console.log(line(r));
  if (options.rate) {
    console.log(
      `  (paced at ${fmt(options.rate)} events/s: end to end cannot exceed the offered rate; sustained = ingest keeps up with the offer and freshness stays flat)`,
    );
  }
  console.log(
    `\nConsistency: accepted ${totals.accepted} of ${n}, stored ${stored}, sum(BillingUsageDaily.sourceEventCount) grew by ${grew} — ${consistent ? "PASS" : "FAIL"}`,
  );
  if (raw && BigInt(raw.rolledUp) !== BigInt(n)) console.log(`  (raw rollup counted ${raw.rolledUp}, expected ${n})`);
  return consistent;
}

main().then(
  async (consistent) => {
    await cleanup();
    process.exit(consistent ? 0 : 1);
  },
  async (error) => {
    console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
    await cleanup();
    process.exit(1);
  },
);
