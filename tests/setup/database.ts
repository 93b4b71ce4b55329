// Gives each test file its own migrated database behind the app's `db()`.
import { afterAll } from "vitest";
import { closeDatabase, database } from "@/lib/db";
import { createTestDatabase, migrate } from "../support/test-database";

const testDatabase = await createTestDatabase();
if (testDatabase.url) process.env.DATABASE_URL = testDatabase.url;
await migrate(database());

afterAll(async () => {
  await closeDatabase();
  await testDatabase.drop();
});
