// npm run bench:export — the CSV export's benchmark on PostgreSQL: ≥ 1,000,000 rows through
// GET /api/billing/usage/export of a production server. It prints figures and never asserts a
// target (see docs/performance.md for measured results).
//
//   1. the bench database `billing_bench_api` (reused when bench:api seeded it, created the same
//      way otherwise); the first 100 bench workspaces' history extended to 400 days (30 areas ×
//      400 days × 100 workspaces = 1.2M daily rows), the period rollup rebuilt for them;
//   2. `next start` from its own build folder (.next-bench), exports kept in a temporary folder;
//   3. the export of those 100 workspaces over a 400-day `from`/`to` range, streamed and counted
//      line by line: rows/s, time to first byte, total time, bytes; the next-server process's
//      VmRSS sampled every 50 ms (baseline, peak, growth) and its VmHWM;
//   4. checks: the file ends with the totals rows, and the BillingUsageExport row records the
//      same row count and byte size;
//   5. for reference, the same rows read by `pg` alone with the export's own COPY reader.
//
// Options: --runs N (2), --workspaces N (100, the API's limit), --days D (400, the range limit),
// --port P (first free from 3300), --dist-dir D (.next-bench), --build, --fresh (re-create the
// database), --wait MIN (how long to wait for a quiet machine before measuring; 25), --app-dir DIR
// (serve the build of another checkout, e.g. one with a trial patch applied).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { csvCell } from "@/lib/csv/csv";
import { copiedDayPages, type DayCells } from "@/lib/exports/day-pages";
import { addDays, calendarDateIn } from "@/lib/periods/calendar-date";
import {
  BENCH_ADMIN,
  BENCH_DB,
  BENCH_PASSWORD,
  DEFAULT_DIST_DIR,
  benchDatabaseReady,
  benchUrl,
  benchWorkspaceId,
  cpuLine,
  cpuShares,
  cpuSnapshot,
  createBenchDatabase,
  ensureBuild,
  extendHistory,
  fmt,
  freePort,
  httpGet,
  intArg,
  machine,
  mark,
  onCleanup,
  printRunHeader,
  otherCpuWarning,
  parseArgs,
  rssBytes,
  runMain,
  serverPid,
  serverVersion,
  signIn,
  sleep,
  startServer,
  table,
  waitForQuiet,
} from "./bench-support";

const TARGET_ROWS_PER_SECOND = 100_000;
const TARGET_FIRST_BYTE_MS = 200;
const TARGET_RSS_GROWTH_MB = 64;

const USAGE =
  "npx tsx bench/bench-export.ts [--runs N] [--workspaces N] [--days D] [--port P] [--dist-dir D] [--build] [--fresh] [--wait MIN] [--app-dir DIR]";

interface ExportRun {
  status: number;
  exportId: string;
  headersMs: number;
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  lines: number;
  dayRows: number;
  totalRows: number;
  workspaceTotalRows: number;
  /** A day row after the first totals row: the file is not day rows, then totals. */
  outOfOrder: boolean;
  lastLine: string;
  rssBaseline: number;
  rssPeak: number;
  hwmBefore: number;
  hwmAfter: number;
  samples: number;
  cpu: string;
  record: { rowCount: number; byteSize: number } | null;
}

function vmHwm(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

const MB = 1024 * 1024;

async function exportOnce(url: string, cookie: string, pid: number, serverGroup: number, pool: pg.Pool): Promise<ExportRun> {
  // Baseline: one second of samples at rest.
  const rest: number[] = [];
  for (let i = 0; i < 20; i++) {
    rest.push(rssBytes(pid));
    await sleep(50);
  }
  const rssBaseline = rest.reduce((a, b) => a + b, 0) / rest.length;
  const hwmBefore = vmHwm(pid);
  let rssPeak = 0;
  let samples = 0;
  const sampler = setInterval(() => {
    try {
      rssPeak = Math.max(rssPeak, rssBytes(pid));
      samples++;
    } catch {
      // the server went away; the request will fail too
    }
  }, 50);
  const c0 = cpuSnapshot();
  const t0 = performance.now();
  const run = await new Promise<Omit<ExportRun, "rssBaseline" | "rssPeak" | "hwmBefore" | "hwmAfter" | "samples" | "cpu" | "record">>(
    (resolve, reject) => {
      const request = http.get(url, { headers: { cookie } }, (response) => {
        const headersMs = performance.now() - t0;
        let firstByteMs = NaN;
        let bytes = 0;
        let lines = 0;
        let dayRows = 0;
        let totalRows = 0;
        let workspaceTotalRows = 0;
        let outOfOrder = false;
        let atLineStart = true;
        let tail = Buffer.alloc(0);
        response.on("data", (chunk: Buffer) => {
          if (bytes === 0) firstByteMs = performance.now() - t0;
          bytes += chunk.length;
          // Classify each line by its first byte: d(ay), t(otal), w(orkspace_total), r(ow_type header).
          let start = 0;
          for (;;) {
            if (atLineStart && start < chunk.length) {
              const c = chunk[start];
              if (c === 0x64) {
                dayRows++;
                if (totalRows || workspaceTotalRows) outOfOrder = true;
              } else if (c === 0x74) totalRows++;
              else if (c === 0x77) workspaceTotalRows++;
              atLineStart = false;
            }
            const nl = chunk.indexOf(0x0a, start);
            if (nl === -1) break;
            lines++;
            start = nl + 1;
            atLineStart = true;
            if (start >= chunk.length) break;
          }
          tail = Buffer.concat([tail, chunk]).subarray(-4096);
        });
        response.on("end", () => {
          const text = tail.toString("utf8").trimEnd().split("\r\n");
          resolve({
            status: response.statusCode ?? 0,
            exportId: String(response.headers["x-export-id"] ?? ""),
            headersMs,
            firstByteMs,
            totalMs: performance.now() - t0,
            bytes,
            lines,
            dayRows,
            totalRows,
            workspaceTotalRows,
            outOfOrder,
            lastLine: text.at(-1) ?? "",
          });
        });
        response.on("error", reject);
      });
      request.on("error", reject);
    },
  );
  clearInterval(sampler);
  const c1 = cpuSnapshot();
  const hwmAfter = vmHwm(pid);
  const record =
    (
      await pool.query<{ rowCount: number; byteSize: number }>(`SELECT "rowCount", "byteSize" FROM "BillingUsageExport" WHERE id = $1`, [
        run.exportId,
      ])
    ).rows[0] ?? null;
  const shares = cpuShares(c0, c1, serverGroup);
  return { ...run, rssBaseline, rssPeak, hwmBefore, hwmAfter, samples, cpu: cpuLine(shares) + otherCpuWarning(shares), record };
}

/**
 * The export's reads without the app: the same `COPY … TO STDOUT (FORMAT binary)` per workspace
 * (the export's own reader, `copiedDayPages`), one REPEATABLE READ transaction, through `pg` —
 * no HTTP, storage, hashing or Next.
 */
async function sqlReference(
  pool: pg.Pool,
  ids: string[],
  from: string,
  to: string,
  cells: DayCells,
): Promise<{ rows: number; ms: number }> {
  const client = await pool.connect();
  try {
    const t0 = performance.now();
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    let rows = 0;
    for (const workspaceId of ids) {
      for await (const page of copiedDayPages(client, { workspaceId, start: from, end: to, wholePeriod: false }, null, cells))
        rows += page.rows;
    }
    await client.query("COMMIT");
    return { rows, ms: performance.now() - t0 };
  } finally {
    client.release();
  }
}

async function main() {
  const args = parseArgs(
    process.argv.slice(2),
    ["--runs", "--workspaces", "--days", "--port", "--dist-dir", "--app-dir", "--wait"],
    ["--build", "--fresh"],
    USAGE,
  );
  const runs = Math.max(1, intArg(args, "--runs", 2));
  const workspaceCount = Math.min(100, Math.max(1, intArg(args, "--workspaces", 100)));
  const days = Math.min(400, Math.max(1, intArg(args, "--days", 400)));
  const distDir = args.values.get("--dist-dir") ?? DEFAULT_DIST_DIR;
  const appDir = args.values.get("--app-dir");
  const logDir = mkdtempSync(path.join(tmpdir(), "bench-export-"));
  const exportDir = mkdtempSync(path.join(tmpdir(), "bench-export-files-"));
  onCleanup(async () => rmSync(exportDir, { recursive: true, force: true }));

  const code = await printRunHeader(`bench:export — ${workspaceCount} workspaces × ${days} days, ${runs} run(s)`, logDir);

  if (appDir) console.log(`▸ Serving the build in ${appDir}/${distDir} (a trial checkout; build it there first)`);
  else ensureBuild(distDir, args.flags.has("--build"));
  if (!args.flags.has("--fresh") && (await benchDatabaseReady())) {
    console.log(`▸ Reusing the seeded database ${BENCH_DB}`);
  } else {
    await createBenchDatabase();
  }
  const ids = Array.from({ length: workspaceCount }, (_, i) => benchWorkspaceId(i));
  console.log(`▸ Extending ${ids.length} workspaces' history to ${days} days (idempotent)`);
  const t = performance.now();
  await extendHistory(ids, days);
  console.log(`  done in ${fmt((performance.now() - t) / 1000, 1)} s`);

  const pool = new pg.Pool({ connectionString: benchUrl().toString(), max: 2 });
  onCleanup(() => pool.end());
  const zones = (await pool.query<{ id: string; timeZone: string }>(`SELECT id, "timeZone" FROM "Workspace" WHERE id = ANY($1)`, [ids]))
    .rows;
  const now = new Date();
  const to = zones
    .map((z) => calendarDateIn(now, z.timeZone))
    .sort()
    .at(-1)!;
  const from = addDays(to, -(days - 1));
  const expected = (
    await pool.query<{ rows: number; areas: number; pairs: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT "productArea")::int AS areas,
              count(DISTINCT ("workspaceId", "productArea"))::int AS pairs
         FROM "BillingUsageDaily" WHERE "workspaceId" = ANY($1) AND "usageDate" BETWEEN $2 AND $3`,
      [ids, from, to],
    )
  ).rows[0]!;
  console.log(
    `  export range ${from} – ${to}: ${fmt(expected.rows)} daily rows, ${expected.areas} product areas, ${fmt(expected.pairs)} workspace × area pairs`,
  );

  await waitForQuiet(intArg(args, "--wait", 25));
  const port = intArg(args, "--port", 0) || (await freePort(3300));
  const server = await startServer({
    distDir,
    port,
    logFile: path.join(logDir, "server.log"),
    extraEnv: { EXPORT_DIR: exportDir },
    appDir,
  });
  const pid = serverPid(server.child);
  const cookie = await signIn(server.baseUrl, BENCH_ADMIN, BENCH_PASSWORD);
  // Warm-up: a small export loads the route, the database pool and the CSV code.
  const warm = await httpGet(`${server.baseUrl}/api/billing/usage/export?workspaceId=${ids[0]}&period=current`, { cookie });
  if (warm.status !== 200) throw new Error(`The warm-up export answered HTTP ${warm.status}`);
  await sleep(1000);
  console.log(`▸ Signed in as ${BENCH_ADMIN}; next-server pid ${pid}, RSS ${fmt(rssBytes(pid) / MB)} MB after a warm-up export`);

  const url = `${server.baseUrl}/api/billing/usage/export?workspaceId=${ids.join(",")}&from=${from}&to=${to}`;
  const results: ExportRun[] = [];
  for (let i = 0; i < runs; i++) {
    console.log(`▸ Export run ${i + 1}/${runs}: GET /api/billing/usage/export (${ids.length} workspaces, ${from} – ${to})`);
    const r = await exportOnce(url, cookie, pid, server.child.pid!, pool);
    results.push(r);
    console.log(
      `  HTTP ${r.status}, ${fmt(r.dayRows)} day rows in ${fmt(r.totalMs / 1000, 2)} s → ${fmt(r.dayRows / (r.totalMs / 1000))} rows/s; ` +
        `headers ${fmt(r.headersMs)} ms, first byte ${fmt(r.firstByteMs)} ms; ${fmt(r.bytes / MB, 1)} MB (${fmt(r.bytes / (r.totalMs / 1000) / MB, 1)} MB/s)`,
    );
    console.log(
      `  RSS baseline ${fmt(r.rssBaseline / MB, 1)} MB, peak ${fmt(r.rssPeak / MB, 1)} MB (${r.samples} samples) → growth ${fmt((r.rssPeak - r.rssBaseline) / MB, 1)} MB; ` +
        `VmHWM ${fmt(r.hwmBefore / MB, 1)} → ${fmt(r.hwmAfter / MB, 1)} MB`,
    );
    console.log(
      `  file: ${fmt(r.lines)} lines = 1 header + ${fmt(r.dayRows)} day + ${r.totalRows} total + ${fmt(r.workspaceTotalRows)} workspace_total rows` +
        `${r.outOfOrder ? " (!) day rows after totals" : ""}; last line: ${r.lastLine.slice(0, 100)}`,
    );
    console.log(
      `  record: ${r.record ? `BillingUsageExport ${r.exportId} rowCount ${fmt(r.record.rowCount)}, byteSize ${fmt(r.record.byteSize)}` : "MISSING"}`,
    );
    console.log(`  ${r.cpu}`);
    await sleep(2000);
  }

  console.log("▸ Reference: the same rows through pg alone (the export's COPY reader, one repeatable-read transaction)");
  const areaList = (
    await pool.query<{ key: string; displayName: string; unit: string }>(`SELECT key, "displayName", unit FROM "ProductArea"`)
  ).rows;
  const reference = await sqlReference(pool, ids, from, to, {
    prefix: "day,bench,Bench,",
    areas: Object.fromEntries(areaList.map((a) => [a.key, `${csvCell(a.key)},${csvCell(a.displayName)}`])),
    units: Object.fromEntries(areaList.map((a) => [a.unit, csvCell(a.unit)])),
  });
  console.log(`  ${fmt(reference.rows)} rows in ${fmt(reference.ms / 1000, 2)} s → ${fmt(reference.rows / (reference.ms / 1000))} rows/s`);

  // ── summary
  console.log(`\nSummary — bench:export (PostgreSQL ${await serverVersion()}, ${machine()}, ${new Date().toISOString().slice(0, 10)})`);
  console.log(`  code (at start): ${code}`);
  console.log(`  GET /api/billing/usage/export?workspaceId=<${ids.length} ids>&from=${from}&to=${to}: ${fmt(expected.rows)} rows expected`);
  const rows: string[][] = [];
  results.forEach((r, i) => {
    const rate = r.dayRows / (r.totalMs / 1000);
    const growth = (r.rssPeak - r.rssBaseline) / MB;
    const complete =
      r.status === 200 &&
      r.dayRows === expected.rows &&
      r.totalRows === expected.areas &&
      r.workspaceTotalRows === (ids.length > 1 ? expected.pairs : 0) &&
      !r.outOfOrder &&
      /^(total|workspace_total),/.test(r.lastLine) &&
      r.record?.rowCount === r.dayRows &&
      r.record?.byteSize === r.bytes;
    rows.push([`run ${i + 1}: rows/s`, fmt(rate), `≥ ${fmt(TARGET_ROWS_PER_SECOND)}`, mark(rate >= TARGET_ROWS_PER_SECOND)]);
    rows.push([
      `run ${i + 1}: first byte`,
      `${fmt(r.firstByteMs)} ms`,
      `≤ ${TARGET_FIRST_BYTE_MS} ms`,
      mark(r.firstByteMs <= TARGET_FIRST_BYTE_MS),
    ]);
    rows.push([`run ${i + 1}: total`, `${fmt(r.totalMs / 1000, 2)} s`, "", ""]);
    rows.push([`run ${i + 1}: bytes`, `${fmt(r.bytes)} (${fmt(r.bytes / MB, 1)} MB)`, "", ""]);
    rows.push([
      `run ${i + 1}: RSS growth`,
      `${fmt(growth, 1)} MB (${fmt(r.rssBaseline / MB)} → ${fmt(r.rssPeak / MB)} MB)`,
      `≤ ${TARGET_RSS_GROWTH_MB} MB`,
      mark(growth <= TARGET_RSS_GROWTH_MB),
    ]);
    rows.push([`run ${i + 1}: complete + recorded`, complete ? `yes (${fmt(r.dayRows)} rows)` : "NO", "", complete ? "ok" : "FAIL"]);
  });
  rows.push(["pg alone, same COPY reader", `${fmt(reference.rows / (reference.ms / 1000))} rows/s`, "", ""]);
  console.log(table(["metric", "value", "target", ""], rows, [1]));
}

runMain(main);
