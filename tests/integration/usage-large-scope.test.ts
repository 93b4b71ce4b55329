// workspaceId=all over more than 100 workspaces: the report is stamped with the global usage
// revision and its watermark is the queue's head, instead of per-workspace lookups on every read.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditEvents } from "@/app/api/audit-events/route";
import { GET } from "@/app/api/billing/usage/route";
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { backend } from "../support/test-database";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { callRoute } from "../support/session";

const ADMIN = "fleet-admin@example.com";
const COUNT = 120;
const ids = Array.from({ length: COUNT }, (_, i) => `ws_fleet_${String(i).padStart(3, "0")}`);

beforeAll(async () => {
  await seedDemoData(new Date());
  const user = await systemDb().user.create({ data: { email: ADMIN, name: "Fleet Admin", passwordHash: "not-used" } });
  await systemDb().workspace.createMany({
    data: ids.map((id, i) => ({
      id,
      slug: id.replaceAll("_", "-"),
      name: `Fleet ${i}`,
      timeZone: i % 2 ? "Asia/Tokyo" : "America/New_York",
      currency: "USD",
      billingAnchorDay: 1 + (i % 28),
    })),
  });
  await systemDb().membership.createMany({ data: ids.map((workspaceId) => ({ userId: user.id, workspaceId, role: "ADMIN" as const })) });
});

const usage = (query = "workspaceId=all&groupBy=productArea") => callRoute(GET, `/api/billing/usage?${query}`, { as: ADMIN });
const event = (id: string, workspaceId: string, quantity: string) => ({
  value: { id, workspaceId, productArea: "compute", quantity, occurredAt: new Date().toISOString() },
});

describe(`workspaceId=all over ${COUNT} workspaces on ${backend}`, () => {
  it("serves repeats from the cache and rebuilds exactly after any consumer batch", async () => {
    await ingestEvents([event("fleet-1", ids[7]!, "2.5"), event("fleet-2", ids[99]!, "0.125")], { source: "api" });
    await drainQueue({ batchSize: 100, graceHours: 48 });
    const first = await usage();
    const second = await usage();
    expect([first.status, first.headers.get("x-cache"), second.headers.get("x-cache")]).toEqual([200, "miss", "hit"]);
    const before = await first.json();
    // The fleet's workspaces have no price book: no money on their rows.
    const unpriced = { amount: null, currency: null };
    expect(before.daily).toEqual([{ productArea: "compute", unit: "vCPU-hours", quantity: "2.625", sourceEventCount: 2, ...unpriced }]);

    // A batch for a workspace outside the scope moves the revision: a rebuild with the same figures.
    await ingestEvents([event("fleet-3", "ws_initech", "1")], { source: "api" });
    await drainQueue({ batchSize: 100, graceHours: 48 });
    const unrelated = await usage();
    expect(unrelated.headers.get("x-cache")).toBe("miss");
    expect((await unrelated.json()).daily).toEqual(before.daily);

    await ingestEvents([event("fleet-4", ids[119]!, "0.000000000001")], { source: "api" });
    await drainQueue({ batchSize: 100, graceHours: 48 });
    const after = await (await usage()).json();
    expect(after.daily).toEqual([
      { productArea: "compute", unit: "vCPU-hours", quantity: "2.625000000001", sourceEventCount: 3, ...unpriced },
    ]);
    const byWorkspace = await (await usage("workspaceId=all&groupBy=workspace,productArea")).json();
    expect(byWorkspace.daily.map((r: { workspaceId: string; quantity: string }) => [r.workspaceId, r.quantity])).toEqual([
      [ids[7], "2.5"],
      [ids[99], "0.125"],
      [ids[119], "0.000000000001"],
    ]);
  });

  it("reports complete through the queue's head, which is never later than the scope's own", async () => {
    await ingestEvents([event("fleet-5", "ws_globex", "1")], { source: "api", applyAt: "consumer" });
    const head = await systemDb().meteringEvent.findFirstOrThrow({ where: { eventId: "fleet-5" } });
    const waiting = await (await usage()).json();
    expect(waiting.completeThrough).toBe(head.receivedAt.toISOString());
    await drainQueue({ batchSize: 100, graceHours: 48 });
    const applied = await (await usage()).json();
    expect(applied.completeThrough).toBe(applied.generatedAt);
  });

  it("audits each look once, and every workspace's audit log shows it with only that workspace", async () => {
    const response = await callRoute(GET, "/api/billing/usage?workspaceId=all&groupBy=productArea", {
      as: ADMIN,
      headers: { "x-request-id": "fleet-look-1" },
    });
    expect(response.status).toBe(200);
    const [event] = await systemDb().auditEvent.findMany({ where: { clientRequestId: "fleet-look-1" }, include: { scope: true } });
    // The scope lists the workspaces in the order the view has them (by name).
    expect([event!.workspaceId, event!.workspaceIds, [...event!.scope!.workspaceIds].sort()]).toEqual([ids[0], [], ids]);

    const logOf = async (workspaceId: string, as: string) =>
      (await (await callRoute(auditEvents, `/api/audit-events?workspaceId=${workspaceId}&limit=100`, { as })).json()).events as {
        clientRequestId: string;
        workspaceId: string;
        workspaceIds: string[];
      }[];
    const seen = (await logOf(ids[50]!, ADMIN)).find((e) => e.clientRequestId === "fleet-look-1");
    expect(seen).toMatchObject({ workspaceId: ids[50], workspaceIds: [ids[50]] });
    expect((await logOf("ws_acme", ACCOUNTS.admin)).some((e) => e.clientRequestId === "fleet-look-1")).toBe(false);
  });
});
