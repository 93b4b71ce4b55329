import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// When DATABASE_URL points at PostgreSQL, every integration test file gets its own fresh database
// on that server (tests/setup/database.ts); otherwise its own in-memory PGlite.
const postgresUrl = process.env.DATABASE_URL ?? "";
// Suites that need a real PostgreSQL server (several processes on one database) or a NATS
// JetStream server run only when one is configured; CI configures both.
const natsUrl = process.env.NATS_URL ?? "";

const env: Record<string, string> = {
  NODE_ENV: "test",
  TEST_POSTGRES_URL: postgresUrl,
  // The owner role's URL when the app's (DATABASE_URL) is a least-privilege one: tests/support/test-database.ts.
  TEST_MIGRATION_POSTGRES_URL: process.env.MIGRATION_DATABASE_URL ?? "",
  MIGRATION_DATABASE_URL: "",
  TEST_NATS_URL: natsUrl,
  NATS_URL: "",
  DATABASE_URL: "",
  PGLITE_DIR: "memory://",
  // Request lines would bury the test report; tests that read logs set their own destination.
  LOG_LEVEL: "silent",
  NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123",
  NEXTAUTH_URL: "http://localhost:3000",
  NOTIFICATIONS_KEY: Buffer.alloc(32, 1).toString("base64"),
  EXPORT_DIR: path.join(tmpdir(), `billing-test-exports-${process.pid}`),
};

export default defineConfig({
  // Server modules mark themselves with `import "server-only"` (the build refuses them in client
  // bundles); in Node, outside React's server environment, the marker is a no-op.
  resolve: { tsconfigPaths: true, alias: { "server-only": path.resolve("node_modules/server-only/empty.js") } },
  test: {
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: [
            "tests/integration/**/*.test.ts",
            ...(postgresUrl ? ["tests/postgres/**/*.test.ts"] : []),
            ...(natsUrl ? ["tests/nats/**/*.test.ts"] : []),
          ],
          globalSetup: ["tests/setup/pglite-snapshot.ts"],
          setupFiles: ["tests/setup/database.ts"],
        },
      },
    ],
  },
});
