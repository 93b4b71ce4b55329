import { describe, expect, it } from "vitest";
import { purgeAuditEvents } from "@/lib/audit/purge-audit-events";
import { recordAuditEvents } from "@/lib/audit/record-audit-event";
import { database, db } from "@/lib/db";
import { backend } from "../support/test-database";

describe(`audit trail on ${backend}`, () => {
  it("keeps rows and refuses UPDATE, DELETE and TRUNCATE at the database level", async () => {
    await recordAuditEvents([
      {
        actor: { id: "u1", email: "a@example.com" },
        workspaceId: "w1",
        action: "billing.usage.viewed",
        target: { period: "current" },
        context: { requestId: "req-12345678", ip: "10.0.0.1", userAgent: "vitest" },
      },
    ]);
    const [row] = await db().auditEvent.findMany();
    expect(row).toMatchObject({ action: "billing.usage.viewed", requestId: "req-12345678", actorEmail: "a@example.com" });

    await expect(db().auditEvent.update({ where: { id: row!.id }, data: { action: "tampered" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/append-only/);

    const session = await database().sqlSession();
    try {
      await expect(session.exec(`UPDATE "AuditEvent" SET "actorEmail" = 'x'`)).rejects.toThrow(/append-only/);
      await expect(session.exec(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
      await expect(session.exec(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    } finally {
      await session.close();
    }
    expect(await db().auditEvent.findMany()).toEqual([row]);
  });
});

describe(`audit retention on ${backend}`, () => {
  it("purges only rows older than the retention, through the documented function", async () => {
    const now = Date.now();
    const day = 86_400_000;
    await db().auditEvent.createMany({
      data: [500, 401, 399, 10].map((age) => ({
        action: "billing.usage.viewed",
        workspaceId: "retention",
        occurredAt: new Date(now - age * day),
        target: { age },
      })),
    });
    expect(await purgeAuditEvents(400)).toBe(2);
    const left = await db().auditEvent.findMany({ where: { workspaceId: "retention" }, orderBy: { occurredAt: "asc" } });
    expect(left.map((r) => (r.target as { age: number }).age)).toEqual([399, 10]);
    // The cut-off lives only inside the purge: a plain DELETE afterwards is refused again.
    await expect(db().auditEvent.deleteMany({ where: { workspaceId: "retention" } })).rejects.toThrow(/append-only/);
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
