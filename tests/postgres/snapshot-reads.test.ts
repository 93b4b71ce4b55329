// The export streams its day rows over a raw connection that adopts the snapshot of its Prisma
// transaction (pg_export_snapshot → SET TRANSACTION SNAPSHOT). That connection must see exactly
// what the transaction sees: nothing committed after the snapshot, whenever it starts reading.
import { describe, expect, it } from "vitest";
import { database, systemDb, Prisma } from "@/lib/db";
import { seedDemoData } from "../support/demo";

const countAcme = `SELECT count(*)::int AS n FROM "BillingUsageDaily" WHERE "workspaceId" = 'ws_acme'`;

describe("Database.readAtSnapshot on PostgreSQL", () => {
  it("reads as of the exporting transaction's snapshot, not as of its own start", async () => {
    await seedDemoData(new Date());
    const readAtSnapshot = database().readAtSnapshot!;
    const seen = await systemDb().$transaction(
      async (tx) => {
        const [exported] = await tx.$queryRaw<{ snapshot: string }[]>`SELECT pg_export_snapshot() AS snapshot`;
        const [inTx] = await tx.$queryRawUnsafe<{ n: number }[]>(countAcme);
        // Committed by another connection after the snapshot, before the reader starts.
        await systemDb().billingUsageDaily.create({
          data: {
            workspaceId: "ws_acme",
            productArea: "compute",
            usageDate: new Date("2020-01-01T00:00:00Z"),
            quantity: "1",
            unit: "vCPU-hours",
            sourceEventCount: 1,
          },
        });
        const atSnapshot = await readAtSnapshot(
          exported!.snapshot,
          async (client) => (await client.query<{ n: number }>(countAcme)).rows[0]!.n,
        );
        return { inTx: inTx!.n, atSnapshot };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
    const [now] = await systemDb().$queryRawUnsafe<{ n: number }[]>(countAcme);
    expect(seen.atSnapshot).toBe(seen.inTx);
    expect(now!.n).toBe(seen.inTx + 1);
  });

  it("refuses anything that is not a snapshot id, so nothing can be spliced into the SQL", async () => {
    await expect(database().readAtSnapshot!('x\'; DROP TABLE "AuditEvent"; --', async () => 1)).rejects.toThrow("Not a snapshot id");
  });
});
