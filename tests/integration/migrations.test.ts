import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/database";
import { applyMigrations, MigrationError, readMigrations } from "@/lib/db/migrate";
import { backend, createTestDatabase, type TestDatabase } from "../support/test-database";

const opened: { testDatabase: TestDatabase; database: Database }[] = [];

async function emptyDatabase() {
  const testDatabase = await createTestDatabase();
  const database = testDatabase.openAsOwner(); // migrations run as the owner role
  opened.push({ testDatabase, database });
  return database.sqlSession();
}

afterEach(async () => {
  for (const { testDatabase, database } of opened.splice(0)) {
    await database.close();
    await testDatabase.drop();
  }
});

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe(`migrations on ${backend}`, () => {
  it("apply cleanly to an empty database, in Prisma's bookkeeping format, and only once", async () => {
    const session = await emptyDatabase();
    const migrations = await readMigrations();
    expect(await applyMigrations(session, migrations)).toEqual(migrations.map((m) => m.name));
    expect(await applyMigrations(session, migrations)).toEqual([]);

    const rows = await session.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum })));
    const tables = await session.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["AuditEvent", "BillingUsageDaily", "BillingUsageExport", "Membership", "User", "Workspace"]),
    );
    await session.close();
  });

  it("carry the events still queued into the inbox when the queue moves out of MeteringEvent", async () => {
    const session = await emptyDatabase();
    const migrations = await readMigrations();
    const inbox = migrations.findIndex((m) => m.name.endsWith("_metering_inbox"));
    expect(inbox).toBeGreaterThan(0);
    await applyMigrations(session, migrations.slice(0, inbox));
    await session.query(`
      INSERT INTO "Workspace" (id, slug, name, "timeZone", currency, "updatedAt") VALUES ('ws_1', 'one', 'One', 'UTC', 'USD', now())`);
    await session.query(`
      INSERT INTO "MeteringEvent" ("workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", source, "processedAt", "usageDate")
      VALUES ('ws_1', 'applied', 'compute', 1, 'vCPU-hours', now(), 'api', now(), current_date),
             ('ws_1', 'queued', 'compute', 2.5, 'vCPU-hours', now(), 'api', NULL, NULL);`);

    expect(await applyMigrations(session, migrations)).toEqual(migrations.slice(inbox).map((m) => m.name));
    const queued = await session.query<{ eventId: string; quantity: string }>(
      `SELECT e."eventId", i.quantity::text AS quantity FROM "MeteringInbox" i JOIN "MeteringEvent" e USING (seq)`,
    );
    expect(queued).toEqual([{ eventId: "queued", quantity: "2.500000000000" }]);
    const indexes = await session.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'MeteringEvent' AND indexname LIKE '%unprocessed%'`,
    );
    expect(indexes).toEqual([]);
    // A queue table is vacuumed after a fixed number of deletions, not a share of its size.
    const [table] = await session.query<{ reloptions: string[] }>(`SELECT reloptions FROM pg_class WHERE relname = 'MeteringInbox'`);
    expect(table?.reloptions).toEqual(expect.arrayContaining(["autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=20000"]));
    await session.close();
  });

  it("roll a failing migration back completely and leave the database as it was", async () => {
    const session = await emptyDatabase();
    const dir = migrationsDir({
      "001_ok": `CREATE TABLE first_table (id int);`,
      "002_broken": `CREATE TABLE half_done (id int);\nINSERT INTO first_table VALUES (1);\nSELECT * FROM missing_table;`,
    });
    await expect(applyMigrations(session, await readMigrations(dir))).rejects.toThrow(/002_broken failed and was rolled back/);
    const tables = await session.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(["_prisma_migrations", "first_table"]);
    expect(await session.query(`SELECT * FROM first_table`)).toEqual([]);
    const recorded = await session.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["001_ok"]);
    await session.close();
  });

  it("refuse to run when an applied migration was edited afterwards", async () => {
    const session = await emptyDatabase();
    await applyMigrations(session, await readMigrations(migrationsDir({ "001_a": "CREATE TABLE a (id int);" })));
    const edited = await readMigrations(migrationsDir({ "001_a": "CREATE TABLE a (id bigint);" }));
    await expect(applyMigrations(session, edited)).rejects.toThrow(MigrationError);
    await expect(applyMigrations(session, edited)).rejects.toThrow(/001_a was changed after it was applied/);
    await session.close();
  });
});
