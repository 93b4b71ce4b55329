import { describe, expect, it } from "vitest";
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
