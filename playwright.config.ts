import { defineConfig, devices } from "@playwright/test";

// Run through `npm run test:e2e` (scripts/e2e.ts), which builds the app and prepares a fresh,
// seeded database before Playwright starts `next start` against it.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// The many-workspaces database (scripts/e2e.ts), served on the next port, for the specs whose data
// the main one must not hold: many workspaces, and a workspace the billing flag hides (support
// sees exactly the demo workspaces there).
const manyWorkspaces = Boolean(process.env.E2E_MANY_DATABASE_URL || process.env.E2E_MANY_PGLITE_DIR);
const manyBaseURL = `http://localhost:${port + 1}`;
const manySpec = /(many-workspaces|rollout)\.spec\.ts/;
// Two apps and two workers on one PostgreSQL database (the spec starts them): PostgreSQL only.
const multiProcess = Boolean(process.env.E2E_MULTI_DATABASE_URL);
const multiSpec = /multi-process\.spec\.ts/;
const serverEnv = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-00",
  METERING_INGEST_TOKEN: "e2e-ingest-token-e2e-ingest-token",
  METRICS_TOKEN: "e2e-metrics-token-e2e-metrics-token",
  NOTIFICATIONS_KEY: "ZTJlLW5vdGlmaWNhdGlvbnMta2V5LTAwMDAwMDAwMDA=",
  // The server is not in demo mode: webhooks may reach the receivers specs run on this machine only
  // because this host is allowed (tests/e2e/notifications.spec.ts).
  WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
};

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/artifacts",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  // Journeys sign in and walk several pages of a production build on a shared, busy CI machine;
  // speed is the benchmarks' job, so a test gets a minute before it counts as hung.
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } }, testIgnore: [manySpec, multiSpec] },
    {
      name: "mobile",
      use: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } },
      grep: /@mobile/,
      testIgnore: [manySpec, multiSpec],
    },
    ...(manyWorkspaces
      ? [
          {
            name: "many",
            use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, baseURL: manyBaseURL },
            testMatch: manySpec,
          },
        ]
      : []),
    ...(multiProcess ? [{ name: "multi-process", testMatch: multiSpec }] : []),
  ],
  webServer: [
    {
      command: `npx next start -p ${port}`,
      url: `${baseURL}/signin`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: { ...serverEnv, NEXTAUTH_URL: baseURL },
    },
    ...(manyWorkspaces
      ? [
          {
            command: `npx next start -p ${port + 1}`,
            url: `${manyBaseURL}/signin`,
            reuseExistingServer: false,
            timeout: 60_000,
            stdout: "pipe" as const,
            env: {
              ...serverEnv,
              NEXTAUTH_URL: manyBaseURL,
              DATABASE_URL: process.env.E2E_MANY_DATABASE_URL ?? "",
              PGLITE_DIR: process.env.E2E_MANY_PGLITE_DIR ?? "",
            },
          },
        ]
      : []),
  ],
});
