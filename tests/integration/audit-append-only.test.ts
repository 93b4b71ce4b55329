import { describe, expect, it } from "vitest";
import { purgeAuditEvents } from "@/lib/audit/purge-audit-events";
import { recordAuditEvents } from "@/lib/audit/record-audit-event";
import { database, systemDb } from "@/lib/db";
import { backend, ownerSession } from "../support/test-database";

describe(`audit trail on ${backend}`, () => {
  // The app's role holds no UPDATE/DELETE/TRUNCATE (permission denied); the owner, who does, is
  // still stopped by the trigger.
  it("keeps rows and refuses UPDATE, DELETE and TRUNCATE at the database level", async () => {
    await recordAuditEvents([
      {
        actor: { id: "u1", email: "a@example.com" },
        workspaceId: "w1",
        action: "billing.usage.viewed",
        target: { period: "current" },
        context: { requestId: "req-12345678", clientRequestId: null, ip: "10.0.0.1", userAgent: "vitest" },
      },
    ]);
    const [row] = await systemDb().auditEvent.findMany();
    expect(row).toMatchObject({ action: "billing.usage.viewed", requestId: "req-12345678", actorEmail: "a@example.com" });

    await expect(systemDb().auditEvent.update({ where: { id: row!.id }, data: { action: "tampered" } })).rejects.toThrow(
      /permission denied/,
    );
    await expect(systemDb().auditEvent.deleteMany({})).rejects.toThrow(/permission denied/);

    const session = await database().sqlSession();
    try {
      await expect(session.exec(`UPDATE "AuditEvent" SET "actorEmail" = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(session.exec(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/permission denied/);
      await expect(session.exec(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/permission denied/);
    } finally {
      await session.close();
    }
    const owner = await ownerSession(database());
    try {
      await expect(owner.exec(`UPDATE "AuditEvent" SET "actorEmail" = 'x'`)).rejects.toThrow(/append-only/);
      await expect(owner.exec(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
      await expect(owner.exec(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.close();
    }
    expect(await systemDb().auditEvent.findMany()).toEqual([row]);
  });
});

describe(`audit scopes on ${backend}`, () => {
  const many = Array.from({ length: 150 }, (_, i) => `w-${String(i).padStart(3, "0")}`);

  it("names more than 100 workspaces through one shared, append-only scope row", async () => {
    const look = (workspaceIds: string[], requestId: string) =>
      recordAuditEvents([
        {
          actor: null,
          workspaceId: workspaceIds[0]!,
          workspaceIds,
          action: "billing.usage.viewed",
          context: { requestId, clientRequestId: null, ip: null, userAgent: null },
        },
      ]);
    await look(many, "scope-1");
    await look([...many], "scope-2");
    const events = await systemDb().auditEvent.findMany({ where: { requestId: { in: ["scope-1", "scope-2"] } }, include: { scope: true } });
    expect(events.map((e) => [e.workspaceId, e.workspaceIds, e.scope?.workspaceIds])).toEqual([
      ["w-000", [], many],
      ["w-000", [], many],
    ]);
    expect(new Set(events.map((e) => e.scopeId)).size).toBe(1);
    expect(await systemDb().auditScope.count()).toBe(1);

    // A list of up to 100 stays on the event itself.
    await look(many.slice(0, 100), "scope-3");
    const inline = await systemDb().auditEvent.findFirstOrThrow({ where: { requestId: "scope-3" } });
    expect([inline.workspaceIds.length, inline.scopeId]).toEqual([100, null]);

    const session = await database().sqlSession();
    try {
      await expect(session.exec(`UPDATE "AuditScope" SET "workspaceIds" = '{}'`)).rejects.toThrow(/permission denied/);
      await expect(session.exec(`DELETE FROM "AuditScope"`)).rejects.toThrow(/permission denied/);
      await expect(session.exec(`TRUNCATE "AuditScope" CASCADE`)).rejects.toThrow(/permission denied/);
    } finally {
      await session.close();
    }
    const owner = await ownerSession(database());
    try {
      await expect(owner.exec(`UPDATE "AuditScope" SET "workspaceIds" = '{}'`)).rejects.toThrow(/append-only/);
      await expect(owner.exec(`DELETE FROM "AuditScope"`)).rejects.toThrow(/append-only/);
      await expect(owner.exec(`TRUNCATE "AuditScope" CASCADE`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.close();
    }
  });
});

describe(`audit retention on ${backend}`, () => {
  it("purges only rows older than the retention, through the documented function", async () => {
    const now = Date.now();
    const day = 86_400_000;
    await systemDb().auditEvent.createMany({
      data: [500, 401, 399, 10].map((age) => ({
        action: "billing.usage.viewed",
        workspaceId: "retention",
        occurredAt: new Date(now - age * day),
        target: { age },
      })),
    });
    expect(await purgeAuditEvents(400)).toBe(2);
    const left = await systemDb().auditEvent.findMany({ where: { workspaceId: "retention" }, orderBy: { occurredAt: "asc" } });
    expect(left.map((r) => (r.target as { age: number }).age)).toEqual([399, 10]);
    // The cut-off lives only inside the purge: a plain DELETE afterwards is refused again, for the
    // app (no DELETE privilege) and for the owner (the trigger).
    await expect(systemDb().auditEvent.deleteMany({ where: { workspaceId: "retention" } })).rejects.toThrow(/permission denied/);
    const owner = await ownerSession(database());
    try {
      await expect(owner.exec(`DELETE FROM "AuditEvent" WHERE "workspaceId" = 'retention'`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.close();
    }
  });

  it("purges a scope with the last event that names it, and keeps scopes still in use", async () => {
    const day = 86_400_000;
    const scopes = ["old-only", "still-used"].map((id) => ({ id, workspaceIds: Array.from({ length: 101 }, (_, i) => `${id}-${i}`) }));
    // Written as the migration's own purge would see them (the append-only trigger allows inserts).
    const session = await database().sqlSession();
    try {
      for (const scope of scopes) {
        await session.query(`INSERT INTO "AuditScope" (id, "workspaceIds") VALUES ($1, $2)`, [scope.id, scope.workspaceIds]);
      }
    } finally {
      await session.close();
    }
    await systemDb().auditEvent.createMany({
      data: [
        { action: "billing.usage.viewed", scopeId: "old-only", occurredAt: new Date(Date.now() - 500 * day) },
        { action: "billing.usage.viewed", scopeId: "still-used", occurredAt: new Date(Date.now() - 500 * day) },
        { action: "billing.usage.viewed", scopeId: "still-used", occurredAt: new Date(Date.now() - day) },
      ],
    });
    await purgeAuditEvents(400);
    expect((await systemDb().auditScope.findMany({ where: { id: { in: ["old-only", "still-used"] } } })).map((s) => s.id)).toEqual([
      "still-used",
    ]);
  });

  it("refuses a retention shorter than 90 days, in the application and in the database", async () => {
    await expect(purgeAuditEvents(30)).rejects.toThrow(/at least 90 days/);
    const session = await database().sqlSession();
    try {
      await expect(session.query("SELECT purge_audit_events(30)")).rejects.toThrow(/at least 90 days/);
    } finally {
      await session.close();
    }
  });
});
