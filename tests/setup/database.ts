// Gives each test file its own migrated database behind the app's `db()`, connected with the
// app's grants (tests/support/test-database.ts). On PGlite it starts from the dump the global
// setup migrated once (tests/setup/pglite-snapshot.ts).
import { readFileSync } from "node:fs";
import { afterAll, inject } from "vitest";
import { closeDatabase, database, installDatabase } from "@/lib/db";
import { openDatabase } from "@/lib/db/database";
import { createTestDatabase, migrate } from "../support/test-database";

const testDatabase = await createTestDatabase();
if (testDatabase.url) process.env.DATABASE_URL = testDatabase.url;
if (testDatabase.ownerUrl) process.env.TEST_OWNER_DATABASE_URL = testDatabase.ownerUrl;
const snapshot = inject("pgliteSnapshot");
if (!testDatabase.url && snapshot)
  installDatabase(openDatabase({ pgliteDir: "memory://", pgliteSnapshot: new Blob([readFileSync(snapshot)]) }));
await migrate(database(), testDatabase);

afterAll(async () => {
  await closeDatabase();
  await testDatabase.drop();
});
