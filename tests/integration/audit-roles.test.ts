// The app's own database role cannot rewrite the audit trail (issue 13): it holds no UPDATE,
// DELETE or TRUNCATE on the audit tables, cannot switch triggers off, owns nothing, and purges
// only through the SECURITY DEFINER function. On PGlite the app's session is SET ROLE billing_app.
import { describe, expect, it } from "vitest";
import { purgeAuditEvents } from "@/lib/audit/purge-audit-events";
import { database, systemDb } from "@/lib/db";
import type { SqlSession } from "@/lib/db/sql-session";
import { backend, ownerSession } from "../support/test-database";

const AUDIT_TABLES = ["AuditEvent", "AuditScope"] as const;
const day = 86_400_000;

async function withSession<T>(open: () => Promise<SqlSession>, work: (session: SqlSession) => Promise<T>): Promise<T> {
  const session = await open();
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
const asApp = <T>(work: (session: SqlSession) => Promise<T>) => withSession(() => database().sqlSession(), work);
const asOwner = <T>(work: (session: SqlSession) => Promise<T>) => withSession(() => ownerSession(database()), work);

/** Runs a script that must fail, then rolls back whatever transaction it left open. */
async function refused(session: SqlSession, sql: string): Promise<string> {
  try {
    await session.exec(sql);
  } catch (error) {
    return String(error);
  } finally {
    await session.exec("ROLLBACK").catch(() => {});
  }
  throw new Error(`expected to be refused: ${sql}`);
}

async function seedAuditRows() {
  await asOwner(async (owner) => {
    await owner.query(`INSERT INTO "AuditScope" (id, "workspaceIds") VALUES ('roles-scope', '{a,b}') ON CONFLICT DO NOTHING`);
  });
  await systemDb().auditEvent.createMany({
    data: [
      { action: "billing.usage.viewed", workspaceId: "roles", occurredAt: new Date(Date.now() - 500 * day) },
      { action: "billing.usage.viewed", workspaceId: "roles", scopeId: "roles-scope", occurredAt: new Date(Date.now() - 500 * day) },
    ],
  });
}
const countRows = async () => [await systemDb().auditEvent.count(), await systemDb().auditScope.count()];

describe(`the app's database role on ${backend}`, () => {
  it("holds only SELECT and INSERT on the audit tables, and UPDATE, DELETE, TRUNCATE are refused", async () => {
    await seedAuditRows();
    const before = await countRows();
    await asApp(async (app) => {
      for (const table of AUDIT_TABLES) {
        const [held] = await app.query<Record<string, boolean>>(
          `SELECT ${["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"]
            .map((p) => `has_table_privilege(current_user, '"${table}"', '${p}') AS "${p}"`)
            .join(", ")}`,
        );
        expect(held).toEqual({
          SELECT: true,
          INSERT: true,
          UPDATE: false,
          DELETE: false,
          TRUNCATE: false,
          REFERENCES: false,
          TRIGGER: false,
        });
        expect(await refused(app, `UPDATE "${table}" SET "workspaceIds" = '{}'`)).toMatch(/permission denied|append-only/);
        expect(await refused(app, `DELETE FROM "${table}"`)).toMatch(/permission denied|append-only/);
        expect(await refused(app, `TRUNCATE "${table}" CASCADE`)).toMatch(/permission denied|append-only/);
      }
    });
    expect(await countRows()).toEqual(before);
  });

  it("cannot delete audit rows by setting the purge's cut-off itself, even when granted DELETE", async () => {
    await seedAuditRows();
    const before = await countRows();
    const trick = (table: string) => `BEGIN; SET LOCAL billing.audit_purge_before = '2999-01-01'; DELETE FROM "${table}"; COMMIT;`;
    await asApp(async (app) => {
      for (const table of AUDIT_TABLES) expect(await refused(app, trick(table))).toMatch(/permission denied/);
    });
    // What the outside test did: a role that is not the owner but holds DELETE. The trigger must
    // refuse it on its own.
    await asOwner((owner) => owner.exec(`GRANT DELETE ON "AuditEvent", "AuditScope" TO billing_app`));
    try {
      await asApp(async (app) => {
        for (const table of AUDIT_TABLES) expect(await refused(app, trick(table))).toMatch(/append-only: DELETE/);
      });
    } finally {
      await asOwner((owner) => owner.exec(`REVOKE DELETE ON "AuditEvent", "AuditScope" FROM billing_app`));
    }
    expect(await countRows()).toEqual(before);
  });

  it("cannot switch the triggers off, nor replication mode, and is no superuser", async () => {
    await asApp(async (app) => {
      for (const table of AUDIT_TABLES) {
        expect(await refused(app, `BEGIN; ALTER TABLE "${table}" DISABLE TRIGGER ALL; COMMIT;`)).toMatch(/must be owner/);
      }
      expect(await refused(app, "BEGIN; SET LOCAL session_replication_role = replica; COMMIT;")).toMatch(/permission denied/);
      expect(await refused(app, "SET session_replication_role = replica")).toMatch(/permission denied/);
      const [role] = await app.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolbypassrls: boolean }>(
        `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
      );
      expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    });
  });

  it("owns no tables, sequences, functions, types or schemas", async () => {
    const owned = await asApp((app) =>
      app.query<{ kind: string; name: string }>(`
        WITH mine AS (SELECT oid FROM pg_roles WHERE pg_has_role(current_user, oid, 'MEMBER'))
        SELECT 'relation' AS kind, relname::text AS name FROM pg_class WHERE relowner IN (SELECT oid FROM mine)
        UNION ALL SELECT 'function', proname::text FROM pg_proc WHERE proowner IN (SELECT oid FROM mine)
        UNION ALL SELECT 'type', typname::text FROM pg_type WHERE typowner IN (SELECT oid FROM mine)
        UNION ALL SELECT 'schema', nspname::text FROM pg_namespace WHERE nspowner IN (SELECT oid FROM mine)`),
    );
    expect(owned).toEqual([]);
  });

  it("purges through the SECURITY DEFINER function exactly what is older than the retention, never under 90 days", async () => {
    await asApp(async (app) => {
      const [fn] = await app.query<{ definer: boolean; config: string[] }>(
        `SELECT prosecdef AS definer, proconfig AS config FROM pg_proc WHERE proname = 'purge_audit_events'`,
      );
      expect(fn).toEqual({ definer: true, config: ["search_path=pg_catalog, pg_temp"] });
    });
    const now = Date.now();
    const minute = 60_000;
    await systemDb().auditEvent.createMany({
      data: [
        {
          action: "billing.usage.viewed",
          workspaceId: "purge",
          occurredAt: new Date(now - 400 * day - 5 * minute),
          target: { keep: false },
        },
        {
          action: "billing.usage.viewed",
          workspaceId: "purge",
          occurredAt: new Date(now - 400 * day + 5 * minute),
          target: { keep: true },
        },
      ],
    });
    const older = await systemDb().auditEvent.count({ where: { occurredAt: { lt: new Date(now - 400 * day) } } });
    expect(older).toBeGreaterThanOrEqual(1);
    expect(await purgeAuditEvents(400)).toBe(older);
    const left = await systemDb().auditEvent.findMany({ where: { workspaceId: "purge" } });
    expect(left.map((row) => row.target)).toEqual([{ keep: true }]);
    await asApp(async (app) => {
      expect(await refused(app, "SELECT purge_audit_events(89)")).toMatch(/at least 90 days/);
    });
  });
});
