// Gives each test file its own migrated database behind the app's `db()`, connected with the
// app's grants (tests/support/test-database.ts).
import { afterAll } from "vitest";
import { closeDatabase, database } from "@/lib/db";
import { createTestDatabase, migrate } from "../support/test-database";

const testDatabase = await createTestDatabase();
if (testDatabase.url) process.env.DATABASE_URL = testDatabase.url;
if (testDatabase.ownerUrl) process.env.TEST_OWNER_DATABASE_URL = testDatabase.ownerUrl;
await migrate(database(), testDatabase);

afterAll(async () => {
  await closeDatabase();
  await testDatabase.drop();
});
