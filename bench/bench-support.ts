// Shared by bench/bench-api.ts and bench/bench-export.ts: the large-tier bench database, the
// production server in its own build folder, signing in, a closed-loop HTTP load generator, a
// background metering loop, CPU and memory sampling, and printing. Nothing here asserts a target.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import {
  BENCH_ADMIN,
  BENCH_ADMIN_ID,
  BENCH_PASSWORD,
  benchWorkspaceId,
  dailyInsertSql,
  LARGE_TIER,
  LARGEST_ID,
  LARGEST_SLUG,
  loadLargeTier,
  rebuildPeriods,
  withBulkLoad,
} from "@/lib/seed/large-tier";

// ───────────────────────────── constants ─────────────────────────────

// BENCH_API_DATABASE: another name when several checkouts benchmark on one server at once.
export const BENCH_DB = process.env.BENCH_API_DATABASE || "billing_bench_api";
export const AUTH_SECRET = "bench-api-nextauth-secret-0123456789abcdef0123456789";
export const INGEST_TOKEN = "bench-api-ingest-token-0123456789abcdef";
export { BENCH_ADMIN, BENCH_ADMIN_ID, BENCH_PASSWORD, LARGEST_ID, LARGEST_SLUG, benchWorkspaceId };
export const DEMO_ADMIN = "admin@example.com";
export const DEMO_SUPPORT = "support@example.com";
export const DEMO_PASSWORD = "demo-password";
export const BENCH_WORKSPACES = LARGE_TIER.workspaces;
export const EXTRA_AREAS = LARGE_TIER.extraAreas;
export const HISTORY_DAYS = LARGE_TIER.historyDays;
export const LARGEST_HISTORY_DAYS = LARGE_TIER.largestHistoryDays;
export const DEFAULT_DIST_DIR = ".next-bench";

// ───────────────────────────── small utilities ─────────────────────────────

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export function fmt(x: number, digits = 0): string {
  return Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "—";
}

export const mark = (ok: boolean) => (ok ? "met" : "MISSED");

export function table(header: string[], rows: string[][], alignRight: number[] = []): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    "  " +
    cells
      .map((cell, c) => (alignRight.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

export interface Args {
  flags: Set<string>;
  values: Map<string, string>;
}

/** --flag and --name value / --name=value. */
export function parseArgs(argv: string[], withValue: string[], flags: string[], usage: string): Args {
  const out: Args = { flags: new Set(), values: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (name === "--help" || name === "-h") {
      console.log(usage);
      process.exit(0);
    }
    if (withValue.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${name} needs a value`);
      out.values.set(name, value);
    } else if (flags.includes(name)) {
      out.flags.add(name);
    } else {
      throw new Error(`Unknown option ${arg}\n${usage}`);
    }
  }
  return out;
}

export function intArg(args: Args, name: string, fallback: number): number {
  const text = args.values.get(name);
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${text}`);
  return n;
}

/** Other benchmarks on this machine (the ingest benchmark, notably) distort every figure. */
export function otherBenchmarks(): string[] {
  const found: string[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ");
      if (/bench-ingest/.test(cmd)) found.push(`${name}: ${cmd.trim().slice(0, 80)}`);
    } catch {
      // exited
    }
  }
  return found;
}

/** The commit and uncommitted files the build was made from (read-only git). */
export function codeState(): string {
  const git = (...args: string[]) => spawnSync("git", args, { encoding: "utf8" }).stdout?.trimEnd() ?? "";
  const head = git("rev-parse", "--short", "HEAD") || "?";
  const dirty = git("status", "--porcelain", "--untracked-files=no", "--", "app", "lib", "components", "prisma")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3));
  return dirty.length ? `${head} + uncommitted changes in ${dirty.join(", ")}` : `${head} (clean)`;
}

/**
 * Waits (up to `maxMinutes`) until the machine is quiet: other people's builds, test suites and
 * benchmarks share these CPUs and would distort every figure. Returns the busy share last seen.
 */
export async function waitForQuiet(maxMinutes: number, threshold = 0.15): Promise<number> {
  const deadline = Date.now() + maxMinutes * 60_000;
  for (let attempt = 0; ; attempt++) {
    const a = cpuSnapshot();
    await sleep(5000);
    const b = cpuSnapshot();
    const busy = (b.busy - a.busy) / (b.busy - a.busy + b.idle - a.idle);
    const others = otherBenchmarks();
    if ((busy <= threshold && !others.length) || Date.now() > deadline) {
      if (busy > threshold || others.length)
        console.log(
          `  ! the machine is still busy (${fmt(busy * 100)} % CPU${others.length ? ", bench-ingest running" : ""}); measuring anyway`,
        );
      else if (attempt > 0) console.log(`  the machine is quiet now (${fmt(busy * 100)} % CPU)`);
      return busy;
    }
    if (attempt === 0)
      console.log(
        `▸ Waiting for a quiet machine (${fmt(busy * 100)} % CPU busy${others.length ? ", bench-ingest running" : ""}; up to ${maxMinutes} min)`,
      );
    await sleep(25_000);
  }
}

/** A warning when processes outside this benchmark took a noticeable share of the CPUs. */
export function otherCpuWarning(c: ReturnType<typeof cpuShares>): string {
  const share = (c.other + c.browser) / (c.busy + c.idle);
  return share > 0.1 ? `  ! other processes used ${fmt(share * 100)} % of the CPUs meanwhile: these figures understate this machine` : "";
}

/** The lines every benchmark starts with: machine, server, code state, and other benchmarks running. */
export async function printRunHeader(title: string, logDir: string): Promise<string> {
  console.log(title);
  console.log(`  ${machine()}; PostgreSQL ${await serverVersion()}; logs in ${logDir}`);
  const code = codeState();
  console.log(`  code: ${code}`);
  const others = otherBenchmarks();
  if (others.length) console.log(`  ! other benchmarks are running and will distort the figures:\n    ${others.join("\n    ")}`);
  console.log();
  return code;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "?"}), ${fmt(os.totalmem() / 2 ** 30, 0)} GB RAM, Node ${process.version}`;
}

// ───────────────────────────── processes and cleanup ─────────────────────────────

const children = new Set<ChildProcess>();
const stopping = new WeakSet<ChildProcess>();
const closers = new Set<() => Promise<unknown>>();
let cleaningUp: Promise<void> | null = null;

/** Something to close on exit or interrupt (pools, browsers, loops). */
export function onCleanup(close: () => Promise<unknown>): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

/** Children run in their own process group (detached), so `npx` wrappers die with them. */
export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  cwd?: string,
): ChildProcess {
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.add(child);
  child.once("exit", (code, signal) => {
    children.delete(child);
    if (!stopping.has(child)) console.error(`  ! ${name} exited unexpectedly (${signal ?? code}); log: ${logFile}`);
  });
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  stopping.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const close of [...closers].reverse()) await close().catch(() => {});
    closers.clear();
    await Promise.all([...children].map((child) => stopChild(child)));
  })();
  return cleaningUp;
}

process.once("exit", () => {
  for (const child of children) signalGroup(child, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything this benchmark started…`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs `main`, then cleans up and exits explicitly (0 on success, 1 on error). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    async () => {
      await cleanup();
      process.exit(0);
    },
    async (error) => {
      console.error(`\n✗ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await cleanup();
      process.exit(1);
    },
  );
}

export async function freePort(start: number): Promise<number> {
  for (let port = start; port < start + 100; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`No free port in ${start}–${start + 99}`);
}

export function run(title: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  console.log(`▸ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status ?? result.signal})`);
}

/** The environment for npm scripts and the build, without the caller's NODE_ENV. */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env;
  return { ...inherited, NEXT_TELEMETRY_DISABLED: "1", ...extra } as unknown as NodeJS.ProcessEnv;
}

/**
 * A production build in its own folder (NEXT_DIST_DIR), so other builds are not disturbed. Next
 * adds the folder's type paths to tsconfig.json unless they are there: the tracked file lists the
 * default folder's (.next-bench), so a benchmark leaves it untouched. Another --dist-dir, and
 * next-env.d.ts (which Next points at the folder), are put back byte for byte afterwards.
 */
export function ensureBuild(distDir: string, force: boolean): void {
  if (!force && existsSync(`${distDir}/BUILD_ID`)) {
    console.log(`▸ Reusing the production build in ${distDir} (pass --build to rebuild)`);
    return;
  }
  const kept = ["tsconfig.json", "next-env.d.ts"].filter((f) => existsSync(f)).map((f) => [f, readFileSync(f)] as const);
  try {
    run(`Building the app into ${distDir} (next build)`, "npx", ["next", "build"], toolEnv({ NEXT_DIST_DIR: distDir }));
  } finally {
    for (const [file, content] of kept) if (!readFileSync(file).equals(content)) writeFileSync(file, content);
  }
}

// ───────────────────────────── the bench database ─────────────────────────────

export function serverUrl(): URL {
  return new URL(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
}

export function benchUrl(): URL {
  const url = serverUrl();
  url.pathname = `/${BENCH_DB}`;
  return url;
}

export async function withClient<T>(url: URL, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const forget = onCleanup(() => client.end());
  try {
    return await work(client);
  } finally {
    forget();
    await client.end().catch(() => {});
  }
}

export async function serverVersion(): Promise<string> {
  return withClient(serverUrl(), async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v);
}

export async function benchDatabaseReady(): Promise<boolean> {
  const exists = await withClient(
    serverUrl(),
    async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [BENCH_DB])).rowCount === 1,
  );
  if (!exists) return false;
  return withClient(benchUrl(), async (c) => {
    try {
      const { rows } = await c.query<{ n: number }>(`SELECT (SELECT count(*) FROM "Membership" WHERE "userId" = $1)::int AS n`, [
        BENCH_ADMIN_ID,
      ]);
      return rows[0]!.n === BENCH_WORKSPACES;
    } catch {
      return false;
    }
  });
}

/** Applies migrations added since a kept bench database was seeded (nothing when it is current). */
// MIGRATION_DATABASE_URL is emptied: one set in the shell names another database's owner, and the
// migrations would go there instead of to the bench database.
export function migrateBenchDatabase(): void {
  run(
    "Migrating (npm run db:migrate)",
    "npm",
    ["run", "--silent", "db:migrate"],
    toolEnv({ DATABASE_URL: benchUrl().toString(), MIGRATION_DATABASE_URL: "" }),
  );
}

/** Drop, create, migrate, seed the demo, then the large tier. */
export async function createBenchDatabase(): Promise<void> {
  console.log(`▸ Creating database ${BENCH_DB} on ${serverUrl().host}`);
  await withClient(serverUrl(), async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${BENCH_DB}"`);
  });
  const env = toolEnv({ DATABASE_URL: benchUrl().toString(), MIGRATION_DATABASE_URL: "" });
  run("Migrating (npm run db:migrate)", "npm", ["run", "--silent", "db:migrate"], env);
  run("Seeding the demo (DEMO_MODE=1 npm run db:seed)", "npm", ["run", "--silent", "db:seed"], { ...env, DEMO_MODE: "1" });
  await seedLargeTier();
}

/** The large tier (lib/seed/large-tier.ts, shared with `npm run db:seed -- --tier large`), then its sizes. */
export async function seedLargeTier(): Promise<void> {
  await withClient(benchUrl(), async (c) => {
    await loadLargeTier(c, { log: (line) => console.log(line.startsWith("  ") ? line : `▸ ${line}`), vacuum: true, fresh: true });
    const sizes = await c.query<{ daily: string; rows: string; period_rows: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('"BillingUsageDaily"')) AS daily,
              (SELECT count(*) FROM "BillingUsageDaily")::text AS rows,
              (SELECT count(*) FROM "BillingUsagePeriod")::text AS period_rows`,
    );
    const s = sizes.rows[0]!;
    console.log(
      `  BillingUsageDaily: ${fmt(Number(s.rows))} rows, ${s.daily} with indexes; BillingUsagePeriod: ${fmt(Number(s.period_rows))} rows`,
    );
  });
}

/** Extends the history of some bench workspaces to `days` days (for the export), keeping the rollup in step. */
export async function extendHistory(ids: string[], days: number): Promise<number> {
  return withClient(benchUrl(), async (c) => {
    const step = async (title: string, sql: string, values: unknown[] = []) => {
      const t = performance.now();
      const result = await c.query(sql, values);
      console.log(`  ${title}: ${fmt(result.rowCount ?? 0)} rows, ${fmt((performance.now() - t) / 1000, 1)} s`);
      return result;
    };
    await c.query("SET synchronous_commit = off");
    await c.query("SET work_mem = '256MB'");
    let added = 0;
    await withBulkLoad(c, async () => {
      const sorted = [...ids].sort();
      for (let i = 0; i < sorted.length; i += 25) {
        const part = sorted.slice(i, i + 25);
        const result = await c.query(dailyInsertSql("w.id = ANY($1::text[])", "$2", true), [part, days]);
        added += result.rowCount ?? 0;
      }
      console.log(`  daily rows added: ${fmt(added)}`);
    });
    if (added > 0) {
      await rebuildPeriods(c, ids, step);
      await c.query(`UPDATE "UsageVersion" SET version = version + 1, "updatedAt" = now() WHERE "workspaceId" = ANY($1::text[])`, [ids]);
      await c.query(`ANALYZE "BillingUsageDaily"`);
      await c.query(`ANALYZE "BillingUsagePeriod"`);
    }
    return added;
  });
}

// ───────────────────────────── the server ─────────────────────────────

export interface Server {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  logFile: string;
}

export async function startServer({
  distDir,
  port,
  logFile,
  extraEnv = {},
  appDir,
  nodeArgs = [],
  workers = 1,
}: {
  distDir: string;
  port: number;
  logFile: string;
  extraEnv?: Record<string, string>;
  /** Serve a build of another checkout (a trial patch), default: this one. */
  appDir?: string;
  /** Node options for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** More than 1: that many `next start` processes on the port (bench/trials/cluster-start.mjs). */
  workers?: number;
}): Promise<Server> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: distDir,
    DATABASE_URL: benchUrl().toString(),
    NEXTAUTH_SECRET: AUTH_SECRET,
    NEXTAUTH_URL: baseUrl,
    METERING_INGEST_TOKEN: INGEST_TOKEN,
    METRICS_TOKEN: process.env.METRICS_TOKEN ?? "bench-metrics-token-bench-metrics",
    NOTIFICATIONS_KEY: process.env.NOTIFICATIONS_KEY ?? "YmVuY2gtbm90aWZpY2F0aW9ucy1rZXktMDAwMDAwMDA=",
    METERING_CONSUMER: "inline",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  };
  delete env.DEMO_MODE;
  delete env.NATS_URL;
  console.log(
    `▸ Starting next start on port ${port} (NODE_ENV=production, NEXT_DIST_DIR=${distDir}${appDir ? ` in ${appDir}` : ""}, METERING_CONSUMER=inline)`,
  );
  const child = startChild(
    "next start",
    process.execPath,
    [
      ...nodeArgs,
      workers > 1 ? path.resolve("bench/trials/cluster-start.mjs") : "node_modules/next/dist/bin/next",
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    workers > 1 ? { ...env, BENCH_WORKERS: String(workers) } : env,
    logFile,
    appDir,
  );
  const readyBy = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}); see ${logFile}`);
    try {
      const response = await fetch(`${baseUrl}/api/auth/csrf`);
      await response.text();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > readyBy) throw new Error(`The server did not become ready; see ${logFile}`);
    await sleep(250);
  }
  return { child, baseUrl, port, logFile };
}

/** The next-server process (the child itself, or a process in its group named next-server). */
export function serverPid(child: ChildProcess): number {
  const group = child.pid!;
  for (const [pid, proc] of cpuSnapshot().procs) if (proc.pgrp === group && proc.comm.startsWith("next-server")) return pid;
  return group;
}

/** VmRSS of a process, in bytes. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** next-auth credentials flow: csrf → callback → the session cookie (name=value). */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  await response.text();
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`Signing in as ${email} failed (HTTP ${response.status})`);
  return session;
}

// ───────────────────────────── HTTP ─────────────────────────────

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  body?: string;
}

export function httpGet(url: string, headers: Record<string, string>, agent?: http.Agent, keepBody = false): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent }, (response) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (keepBody) chunks.push(chunk);
      });
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          bytes,
          body: keepBody ? Buffer.concat(chunks).toString("utf8") : undefined,
        }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

export interface LoadResult {
  latencies: number[];
  /** Requests completed in the measured window, per second. */
  rps: number;
  count: number;
  errors: number;
  statuses: Map<number, number>;
  hits: number;
  misses: number;
  meanBytes: number;
  firstErrors: string[];
}

/** Closed loop: `concurrency` workers, each sending its next request as soon as the last one is answered. */
export async function httpLoad({
  url,
  headers,
  concurrency,
  warmupMs,
  durationMs,
  okStatus = 200,
}: {
  url: string | (() => string);
  headers: Record<string, string>;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** The status that counts as a success (401 for the framework-floor scenario). */
  okStatus?: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const t0 = performance.now();
  const measureFrom = t0 + warmupMs;
  const end = measureFrom + durationMs;
  const result: LoadResult = {
    latencies: [],
    rps: 0,
    count: 0,
    errors: 0,
    statuses: new Map(),
    hits: 0,
    misses: 0,
    meanBytes: 0,
    firstErrors: [],
  };
  let bytes = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const measured = started >= measureFrom;
      try {
        const response = await httpGet(typeof url === "string" ? url : url(), headers, agent);
        const ms = performance.now() - started;
        if (!measured) continue;
        result.statuses.set(response.status, (result.statuses.get(response.status) ?? 0) + 1);
        if (response.status !== okStatus) {
          result.errors++;
          if (result.firstErrors.length < 3) result.firstErrors.push(`HTTP ${response.status}`);
          continue;
        }
        result.latencies.push(ms);
        bytes += response.bytes;
        if (response.headers["x-cache"] === "hit") result.hits++;
        else if (response.headers["x-cache"] === "miss") result.misses++;
      } catch (error) {
        if (!measured) continue;
        result.errors++;
        if (result.firstErrors.length < 3) result.firstErrors.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  result.latencies.sort((a, b) => a - b);
  result.count = result.latencies.length + result.errors;
  result.rps = result.count / (durationMs / 1000);
  result.meanBytes = result.latencies.length ? bytes / result.latencies.length : 0;
  return result;
}

/** The same closed loop over SQL: `concurrency` pool clients. At least `minSamples` results are kept. */
export async function sqlLoad({
  pool,
  text,
  values,
  concurrency,
  warmupMs,
  durationMs,
  minSamples = 0,
}: {
  pool: pg.Pool;
  text: string | string[];
  values: unknown[] | unknown[][];
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  minSamples?: number;
}): Promise<{ latencies: number[]; rps: number; count: number; errors: number; seconds: number; rows: number }> {
  const statements = Array.isArray(text) ? text : [text];
  const params = (Array.isArray(text) ? values : [values]) as unknown[][];
  const t0 = performance.now();
  const measureFrom = t0 + warmupMs;
  const end = measureFrom + durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let rows = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (performance.now() < end || latencies.length < minSamples) {
        const started = performance.now();
        try {
          let n = 0;
          for (let i = 0; i < statements.length; i++) n += (await client.query(statements[i]!, params[i])).rowCount ?? 0;
          if (started >= measureFrom || performance.now() >= end) {
            latencies.push(performance.now() - started);
            rows = n;
          }
        } catch (error) {
          errors++;
          if (errors <= 3) console.error(`  ! SQL error: ${String(error)}`);
          if (errors > 50) throw error;
        }
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Math.max(durationMs, performance.now() - measureFrom) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, rps: latencies.length / seconds, count: latencies.length, errors, seconds, rows };
}

// ───────────────────────────── background metering ─────────────────────────────

export interface IngestLoop {
  /** Which workspaces receive the events from now on. */
  target(workspaceIds: string[]): void;
  stop(): Promise<{ requests: number; accepted: number; failed: number; failures: string[]; p95Ms: number }>;
}

/** Posts `batch` events every `intervalMs` to POST /api/metering/events (never overlapping). */
export function startIngestLoop({
  baseUrl,
  areas,
  batch,
  intervalMs,
}: {
  baseUrl: string;
  areas: string[];
  batch: number;
  intervalMs: number;
}): IngestLoop {
  let targets: string[] = [];
  let stopped = false;
  let seq = 0;
  const runId = `benchapi${Date.now().toString(36)}`;
  const stats = { requests: 0, accepted: 0, failed: 0, latencies: [] as number[], failures: [] as string[] };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(`${baseUrl}/api/metering/events`);
  const post = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${INGEST_TOKEN}`,
            "content-length": Buffer.byteLength(body),
          },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  const loop = (async () => {
    while (!stopped) {
      const due = performance.now() + intervalMs;
      if (targets.length && batch > 0) {
        const now = Date.now();
        const events = Array.from({ length: batch }, () => ({
          id: `${runId}-${seq++}`,
          workspaceId: targets[Math.floor(Math.random() * targets.length)]!,
          productArea: areas[Math.floor(Math.random() * areas.length)]!,
          quantity: (Math.random() * 10).toFixed(3),
          occurredAt: new Date(now - 1000 - Math.floor(Math.random() * 60_000)).toISOString(),
        }));
        const started = performance.now();
        const body = JSON.stringify(events);
        try {
          // A kept-alive socket the server closed after a pause (its keep-alive timeout is 5 s)
          // fails the next request with ECONNRESET. Ingest is idempotent, so send it again, as a
          // producer would.
          const { status, text } = await post(body).catch((error: NodeJS.ErrnoException) =>
            error.code === "ECONNRESET" ? post(body) : Promise.reject(error),
          );
          stats.requests++;
          stats.latencies.push(performance.now() - started);
          if (status === 202) stats.accepted += (JSON.parse(text) as { accepted: number }).accepted;
          else {
            stats.failed++;
            if (stats.failures.length < 3) stats.failures.push(`HTTP ${status} ${text.slice(0, 160)}`);
          }
        } catch (error) {
          stats.failed++;
          if (stats.failures.length < 3) stats.failures.push(String(error));
        }
      }
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  const stop = async () => {
    stopped = true;
    await loop;
    agent.destroy();
    const sorted = stats.latencies.sort((a, b) => a - b);
    return {
      requests: stats.requests,
      accepted: stats.accepted,
      failed: stats.failed,
      failures: stats.failures,
      p95Ms: percentile(sorted, 0.95),
    };
  };
  onCleanup(stop);
  return { target: (ids) => (targets = ids), stop };
}

// ───────────────────────────── CPU accounting (Linux /proc) ─────────────────────────────

const CLOCK_TICKS = 100; // USER_HZ on Linux

export interface CpuSnapshot {
  procs: Map<number, { pgrp: number; comm: string; seconds: number }>;
  busy: number;
  idle: number;
}

export function cpuSnapshot(): CpuSnapshot {
  const procs: CpuSnapshot["procs"] = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      procs.set(Number(name), { pgrp: Number(fields[2]), comm, seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS });
    } catch {
      // exited meanwhile
    }
  }
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpu;
  return { procs, busy: (user + nice + system + irq + softirq + steal) / CLOCK_TICKS, idle: (idle + iowait) / CLOCK_TICKS };
}

const selfGroup = Number(readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ")[2]);

/** CPU seconds between two snapshots: the server's process group, PostgreSQL, this benchmark, other. */
export function cpuShares(a: CpuSnapshot, b: CpuSnapshot, serverGroup: number | null, extraGroups: number[] = []) {
  const out = { server: 0, postgres: 0, bench: 0, browser: 0, other: 0, idle: b.idle - a.idle, busy: b.busy - a.busy };
  for (const [pid, p] of b.procs) {
    const delta = p.seconds - (a.procs.get(pid)?.seconds ?? 0);
    if (delta <= 0) continue;
    if (serverGroup !== null && p.pgrp === serverGroup) out.server += delta;
    else if (p.comm === "postgres") out.postgres += delta;
    else if (p.pgrp === selfGroup) out.bench += delta;
    else if (extraGroups.includes(p.pgrp) || /chrom/i.test(p.comm)) out.browser += delta;
  }
  out.other = Math.max(0, out.busy - out.server - out.postgres - out.bench - out.browser);
  return out;
}

/** CPU milliseconds per request of the server, PostgreSQL and the bench client (the load generator). */
export function cpuPerRequest(c: ReturnType<typeof cpuShares>, requests: number): string {
  const ms = (seconds: number) => `${fmt((1000 * seconds) / Math.max(1, requests), 2)} ms`;
  return `server ${ms(c.server)}, PostgreSQL ${ms(c.postgres)}, client ${ms(c.bench)}`;
}

export function cpuLine(c: ReturnType<typeof cpuShares>): string {
  const capacity = c.busy + c.idle;
  const pct = (x: number) => `${fmt((100 * x) / capacity)}%`;
  return `CPU: server ${pct(c.server)}, PostgreSQL ${pct(c.postgres)}, bench client ${pct(c.bench)}, other ${pct(c.other)}, idle ${pct(c.idle)}`;
}
