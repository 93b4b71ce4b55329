// npm run test:dates [-- <time> ... | --pick <key>] — the unit and integration suite (vitest, embedded PGlite) run
// as if the machine's clock said another time, one run per time, through Debian's `faketime`
// (the whole process and its subprocesses see that clock, and it moves on from there). No test
// may depend on the day it runs: this is how we check. Prints a table: time, result, wall time,
// failed tests. Real PostgreSQL's and NATS's clocks cannot be faked: DATABASE_URL and NATS_URL are
// ignored here. `--pick <key>` runs one of the stress times below, chosen by hashing the key: CI
// passes the commit, so each commit gets one time, always the same, and the commits between them
// cover them all (docs/decisions/0097-ci-time-budget.md).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Why each: docs/decisions/0079-tests-at-any-date.md.
const STRESS_TIMES = [
  "2027-01-01 05:30:00", // first day of acme's and initech's periods, 00:30 in New York; a new year
  "2027-01-02 12:00:00", // the demo's spike (2 days back) on 31 December, just before acme's period
  "2027-01-05 12:00:00", // the demo's gap (5–7 days back) ends on 31 December, just before acme's period
  "2027-01-08 12:00:00", // the gap is the first three days of acme's period
  "2027-01-14 23:30:00", // first day of globex's period, 00:30 in Berlin (UTC still says the 14th)
  "2027-01-17 12:00:00", // the demo's drop (3 days back) on 14 January, just before globex's period
  "2027-03-14 07:30:00", // New York's clocks go forward (03:30 EDT)
  "2027-11-07 06:30:00", // New York's clocks go back (01:30 EST, after the repeated hour)
  "2027-03-28 01:30:00", // Berlin's clocks go forward (03:30 CEST); Tokyo has no daylight saving
  "2027-10-31 01:30:00", // Berlin's clocks go back (02:30 CET)
  "2028-02-29 23:30:00", // 29 February late evening UTC: already 1 March in Berlin and Tokyo (initech's period starts)
  "2026-12-31 23:30:00", // New Year's Eve late evening UTC: already 2027 in Berlin and Tokyo
];

interface Outcome {
  time: string;
  passed: boolean;
  seconds: number;
  failed: string[];
}

function failedTests(reportFile: string): string[] {
  try {
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
      testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string }[] }[];
    };
    return report.testResults.flatMap((file) => {
      const names = file.assertionResults
        .filter((t) => t.status === "failed")
        .map((t) => `${path.relative(process.cwd(), file.name)} › ${t.fullName}`);
      return names.length || file.status !== "failed"
        ? names
        : [`${path.relative(process.cwd(), file.name)} (${file.message?.split("\n")[0] ?? "failed"})`];
    });
  } catch {
    return ["(no report: vitest did not finish)"];
  }
}

function runAt(time: string, extraArgs: string[]): Outcome {
  const reportFile = path.join(mkdtempSync(path.join(tmpdir(), "test-dates-")), "report.json");
  console.log(`\n▸ vitest at ${time} UTC`);
  const started = Date.now();
  const result = spawnSync(
    "faketime",
    // A clock faked through LD_PRELOAD slows every time lookup, and these runs check dates, not
    // speed: the slowest tests get more room than in a plain run (later arguments still win).
    [
      time,
      "npx",
      "vitest",
      "run",
      "--testTimeout=120000",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${reportFile}`,
      ...extraArgs,
    ],
    { stdio: "inherit", env: { ...process.env, TZ: "UTC", DATABASE_URL: "", MIGRATION_DATABASE_URL: "", NATS_URL: "" } },
  );
  if (result.error) throw result.error;
  const seconds = Math.round((Date.now() - started) / 1000);
  return { time, passed: result.status === 0, seconds, failed: result.status === 0 ? [] : failedTests(reportFile) };
}

const separator = process.argv.indexOf("--");
const args = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const vitestArgs = separator === -1 ? [] : process.argv.slice(separator + 1);
function pick(key: string): string {
  return STRESS_TIMES[createHash("sha256").update(key).digest().readUInt32BE(0) % STRESS_TIMES.length]!;
}

const pickAt = args.indexOf("--pick");
const times = pickAt !== -1 ? [pick(args[pickAt + 1] ?? "")] : args.length ? args : STRESS_TIMES;
if (spawnSync("faketime", ["--version"]).error) {
  console.error("faketime is not installed: `sudo apt-get install -y faketime`.");
  process.exit(1);
}

const outcomes = times.map((time) => runAt(time, vitestArgs));
console.log("\n▸ Results (UTC)");
for (const { time, passed, seconds, failed } of outcomes) {
  console.log(`  ${time}  ${passed ? "pass" : "FAIL"}  ${String(seconds).padStart(4)} s`);
  for (const name of failed) console.log(`      ${name}`);
}
process.exit(outcomes.every((o) => o.passed) ? 0 : 1);
