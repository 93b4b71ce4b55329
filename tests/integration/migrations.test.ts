import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { budgetKey } from "@/lib/budget/budget-key";
import { Prisma } from "@/lib/db";
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

  it("give budget flags raised before re-arming the budget they were raised under, and re-arm those the check resolved", async () => {
    const session = await emptyDatabase();
    const migrations = await readMigrations();
    const rearm = migrations.findIndex((m) => m.name.endsWith("_budget_flag_rearm"));
    expect(rearm).toBeGreaterThan(0);
    await applyMigrations(session, migrations.slice(0, rearm));
    await session.query(`
      INSERT INTO "Workspace" (id, slug, name, "timeZone", currency, "updatedAt") VALUES ('ws_1', 'one', 'One', 'America/New_York', 'USD', now())`);
    await session.query(`
      INSERT INTO "Budget" ("workspaceId", amount, currency, thresholds, "updatedById") VALUES ('ws_1', 40000, 'USD', '{50,75,100}', 'u1')`);
    // Dismissed under today's budget (50 % of 40,000); resolved by the check under an earlier one
    // (100 % of 45,000); and a series flag, which has no budget.
    await session.query(`
      INSERT INTO "AnomalyFlag" (id, "workspaceId", kind, severity, "startDate", "endDate", expected, observed, currency, "detectorVersion", threshold, status)
      VALUES ('dismissed', 'ws_1', 'budget', 'low', '2026-12-01', '2026-12-31', 20000, 30000, 'USD', 'budget-1', 50, 'dismissed'),
             ('resolved', 'ws_1', 'budget', 'high', '2026-12-01', '2026-12-31', 45000, 46000, 'USD', 'budget-1', 100, 'resolved'),
             ('spike', 'ws_1', 'spike', 'high', '2026-12-03', '2026-12-03', 10, 100, NULL, 'v1', NULL, 'resolved')`);
    await session.query(`
      INSERT INTO "AnomalyFlagChange" (id, "flagId", "workspaceId", "fromStatus", "toStatus", note, "actorId", at)
      VALUES ('c1', 'dismissed', 'ws_1', 'open', 'dismissed', 'known', 'u1', '2026-12-05T12:00:00Z'),
             ('c2', 'resolved', 'ws_1', 'open', 'resolved', 'no longer anomalous', NULL, '2026-12-06T03:00:00Z'),
             ('c3', 'spike', 'ws_1', 'open', 'resolved', 'no longer anomalous', NULL, '2026-12-06T03:00:00Z')`);

    await applyMigrations(session, migrations);
    const flags = await session.query<{ id: string; budgetKey: string | null; fellBelowOn: string | null }>(
      `SELECT id, "budgetKey", "fellBelowOn"::text AS "fellBelowOn" FROM "AnomalyFlag" ORDER BY id`,
    );
    const current = budgetKey({ currency: "USD", amount: new Prisma.Decimal("40000.000000000000"), thresholds: [50, 75, 100] });
    expect(current).toBe("USD 40000 50,75,100");
    expect(flags).toEqual([
      { id: "dismissed", budgetKey: current, fellBelowOn: null },
      // Resolved at 03:00 UTC: still the 5th in New York.
      { id: "resolved", budgetKey: null, fellBelowOn: "2026-12-05" },
      { id: "spike", budgetKey: null, fellBelowOn: null },
    ]);
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
