// npm test — the whole suite: unit and integration tests (vitest), then the end-to-end suite
// (Playwright, production build) when a Chromium is installed. In CI a missing Chromium fails.
import { spawnSync } from "node:child_process";
import { findChromium } from "./chromium";

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const backend = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite";
console.log(`▸ Unit and integration tests on ${backend}`);
// vitest.config.ts leaves these suites out when their server is not configured.
const skippedSuites = [
  { variable: "DATABASE_URL", suite: "PostgreSQL-only tests (tests/postgres)", example: "postgresql://postgres@127.0.0.1:5432/postgres" },
  { variable: "NATS_URL", suite: "NATS JetStream tests (tests/nats)", example: "nats://127.0.0.1:4222" },
].filter(({ variable }) => !process.env[variable]);
function announceSkippedSuites() {
  for (const { variable, suite, example } of skippedSuites) {
    console.log(`  SKIPPED: ${suite}, because ${variable} is not set. To run them, set ${variable} (e.g. ${variable}=${example}).`);
  }
}
announceSkippedSuites();
run("npx", ["vitest", "run"]);

if (process.env.SKIP_E2E === "1") {
  console.log("\n▸ End-to-end tests skipped (SKIP_E2E=1).");
} else if (!findChromium()) {
  const message =
    "\n▸ End-to-end tests SKIPPED: no Chromium found.\n" +
    "  Install one with `sudo apt-get install -y chromium` (or set CHROMIUM_PATH), then run `npm test` again.";
  if (process.env.CI) {
    console.error(message.replace("SKIPPED", "cannot run in CI"));
    process.exit(1);
  }
  console.log(message);
} else {
  console.log("\n▸ End-to-end tests (Playwright, real Chromium, production build)");
  run("npx", ["tsx", "--conditions=react-server", "scripts/e2e.ts"]);
}

// Said again at the end, where the eye lands, since vitest's and Playwright's output push it away.
if (skippedSuites.length) {
  console.log("\n▸ Not run:");
  announceSkippedSuites();
}
