import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/billing/usage/route";
import { currentPeriod, periodClosesAt } from "@/lib/periods/period";
import { systemDb, Prisma } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { errorBodySchema } from "@/lib/api/error-response";
import { usageResponseSchema } from "@/lib/usage/usage-response";
import { backend } from "../support/test-database";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { expectRoleMatrix } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { parseDocumented } from "../support/documented-response";

beforeAll(() => seedDemoData(new Date()));

interface Row {
  workspaceId?: string;
  date?: string;
  productArea?: string;
  unit: string;
  quantity: string;
  sourceEventCount: number;
}

async function usage(query: string, as: string = ACCOUNTS.admin, headers: Record<string, string> = {}) {
  return callRoute(GET, `/api/billing/usage?${query}`, { as, headers });
}

// decimal.js rounds to 20 significant digits by default; the read model keeps up to 38.
const Exact = Prisma.Decimal.clone({ precision: 60 });

function sum(rows: Row[], key: (row: Row) => string) {
  const totals = new Map<string, { quantity: Prisma.Decimal; events: number }>();
  for (const row of rows) {
    const entry = totals.get(key(row)) ?? { quantity: new Exact(0), events: 0 };
    totals.set(key(row), { quantity: entry.quantity.plus(row.quantity), events: entry.events + row.sourceEventCount });
  }
  return Object.fromEntries([...totals].map(([k, v]) => [k, `${v.quantity.toString()}/${v.events}`]));
}

describe(`GET /api/billing/usage on ${backend}`, () => {
  it("follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(GET, (id) => `/api/billing/usage?workspaceId=${id}`, "usage:view");
  });

  it("returns the current period's daily usage in the workspace's time zone, with exact totals", async () => {
    const response = await usage("workspaceId=ws_acme&period=current");
    expect(response.status).toBe(200);
    const body = await response.json();
    parseDocumented(usageResponseSchema, body);
    const cycle = { timeZone: "America/New_York", billingAnchorDay: 1 };
    const period = currentPeriod(cycle, new Date());
    const closesAt = periodClosesAt(period, cycle, 48).toISOString();
    expect(body.period).toEqual({ start: period.start, end: period.end, timeZone: "America/New_York", closed: false, closesAt });
    expect(Date.parse(body.completeThrough)).not.toBeNaN();
    expect(Date.parse(body.generatedAt)).not.toBeNaN();

    const days = new Set(body.daily.map((r: Row) => r.date));
    expect([...days].every((d) => (d as string) >= period.start && (d as string) <= period.end)).toBe(true);
    // Not "days × 12": the seeded gap (DEMO_ANOMALIES) falls inside the period on some dates only.
    const inPeriod = { gte: new Date(`${period.start}T00:00:00Z`), lte: new Date(`${period.end}T00:00:00Z`) };
    const written = await systemDb().billingUsageDaily.findMany({
      where: { workspaceId: "ws_acme", usageDate: inPeriod },
      select: { usageDate: true, productArea: true },
    });
    const key = (date: string, area: string) => `${date}|${area}`;
    expect(new Set(body.daily.map((r: Row) => key(r.date!, r.productArea!)))).toEqual(
      new Set(written.map((r) => key(r.usageDate.toISOString().slice(0, 10), r.productArea))),
    );
    expect(body.daily).toHaveLength(written.length);
    expect(body.daily[0]).toEqual({
      workspaceId: "ws_acme",
      date: period.start,
      productArea: "ai-tokens",
      unit: "tokens",
      quantity: expect.stringMatching(/^\d+$/),
      sourceEventCount: expect.any(Number),
      amount: expect.stringMatching(/^\d+\.\d{2}$/),
      currency: "USD",
    });
    const expected = sum(body.daily, (r) => `${r.productArea}|${r.unit}`);
    expect(sum(body.totals, (r) => `${r.productArea}|${r.unit}`)).toEqual(expected);
    expect(body.totals).toHaveLength(12);

    // The same figures straight from the database, summed by PostgreSQL.
    const fromDb = await systemDb().billingUsageDaily.groupBy({
      by: ["productArea", "unit"],
      where: {
        workspaceId: "ws_acme",
        usageDate: inPeriod,
      },
      _sum: { quantity: true, sourceEventCount: true },
    });
    expect(
      Object.fromEntries(fromDb.map((r) => [`${r.productArea}|${r.unit}`, `${r._sum.quantity!.toString()}/${r._sum.sourceEventCount}`])),
    ).toEqual(expected);
  });

  it("filters by product area and groups by the requested dimensions only", async () => {
    const filtered = await (await usage("workspaceId=ws_acme&productArea=gpu,compute")).json();
    expect(new Set(filtered.daily.map((r: Row) => r.productArea))).toEqual(new Set(["compute", "gpu"]));
    expect(filtered.totals.map((r: Row) => r.productArea)).toEqual(["compute", "gpu"]);

    const byArea = await (await usage("workspaceId=ws_acme&groupBy=productArea")).json();
    const withoutMoney = ({ amount: _amount, currency: _currency, ...row }: Row & { amount?: string; currency?: string }) => row;
    expect(byArea.daily.map(withoutMoney)).toEqual(byArea.totals);
    expect(Object.keys(byArea.daily[0]).sort()).toEqual(["amount", "currency", "productArea", "quantity", "sourceEventCount", "unit"]);
    // An area's row over the whole period carries its cost line.
    expect(byArea.daily.map((r: Row & { amount: string }) => [r.productArea, r.amount])).toEqual(
      byArea.cost.byArea.map((a: { productArea: string; amount: string }) => [a.productArea, a.amount]),
    );

    const byDay = await (await usage("workspaceId=ws_acme&groupBy=day&productArea=compute,realtime")).json();
    expect(Object.keys(byDay.daily[0]).sort()).toEqual(["amount", "currency", "date", "quantity", "sourceEventCount", "unit"]);
    // Different units are never added together: one row per day and unit.
    expect(new Set(byDay.daily.map((r: Row) => r.unit))).toEqual(new Set(["vCPU-hours", "connection-minutes"]));

    const byWorkspace = await (await usage("workspaceId=ws_acme,ws_globex&groupBy=workspace,productArea")).json();
    expect(byWorkspace.daily.map(withoutMoney)).toEqual(byWorkspace.totalsByWorkspace);
  });

  it("serves several workspaces at once, each in its own billing period", async () => {
    const body = await (await usage("workspaceId=ws_globex,ws_acme&groupBy=workspace,productArea")).json();
    parseDocumented(usageResponseSchema, body);
    expect(body.workspaces.map((w: { slug: string }) => w.slug)).toEqual(["globex", "acme"]);
    expect(body.period).toEqual(body.workspaces[0].period);
    expect(body.workspaces[0].period.timeZone).toBe("Europe/Berlin");
    expect(body.workspaces[0].period.start.slice(8)).toBe("15");
    expect(new Set(body.daily.map((r: Row) => r.workspaceId))).toEqual(new Set(["ws_acme", "ws_globex"]));

    const forbidden = await usage("workspaceId=ws_acme,ws_initech");
    expect(forbidden.status).toBe(403);
    parseDocumented(errorBodySchema, await forbidden.json());
  });

  it("answers explicit date ranges and past periods", async () => {
    const range = await (await usage("workspaceId=ws_initech&from=2026-01-01&to=2026-01-31", ACCOUNTS.initechOwner)).json();
    expect(range.period).toMatchObject({ start: "2026-01-01", end: "2026-01-31", timeZone: "Asia/Tokyo", closed: true });
    const previous = await (await usage("workspaceId=ws_globex&period=previous")).json();
    expect(previous.period.start.slice(8)).toBe("15");
  });

  it.each([
    ["workspaceId=ws_acme&period=2026-13", ["period"]],
    ["workspaceId=ws_acme&period=soon", ["period"]],
    ["workspaceId=ws_acme&from=2026-01-01", ["to"]],
    ["workspaceId=ws_acme&from=2026-02-30&to=2026-03-01", ["from"]],
    ["workspaceId=ws_acme&from=2025-01-01&to=2026-03-01", ["to"]],
    ["workspaceId=ws_acme&period=current&from=2026-01-01&to=2026-01-02", ["period"]],
    ["workspaceId=ws_acme&groupBy=hour", ["groupBy.0"]],
    ["workspaceId=ws_acme&include=everything", ["include.0"]],
    ["workspaceId=", ["workspaceId"]],
  ])("answers 400 naming the bad field for %s", async (query, fields) => {
    const response = await usage(query);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.details.map((d: { field: string }) => d.field)).toEqual(fields);
  });

  it("serves repeated reads from the cache and invalidates it as soon as the consumer writes", async () => {
    const first = await usage("workspaceId=ws_initech&groupBy=productArea", ACCOUNTS.initechOwner);
    const second = await usage("workspaceId=ws_initech&groupBy=productArea", ACCOUNTS.initechOwner);
    expect([first.headers.get("x-cache"), second.headers.get("x-cache")]).toEqual(["miss", "hit"]);
    // A hit is the cached bytes streamed as they are, with the body's exact length.
    const bytes = new Uint8Array(await second.clone().arrayBuffer());
    expect(second.headers.get("content-length")).toBe(String(bytes.byteLength));
    const before = await second.json();
    const globexWarm = await usage("workspaceId=ws_globex&groupBy=productArea");
    expect(globexWarm.status).toBe(200);

    await ingestEvents(
      [
        {
          value: {
            id: "cache-bust-1",
            workspaceId: "ws_initech",
            productArea: "compute",
            quantity: "0.25",
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      { source: "api" },
    );
    await drainQueue({ batchSize: 100, graceHours: 48 });

    const after = await usage("workspaceId=ws_initech&groupBy=productArea", ACCOUNTS.initechOwner);
    expect(after.headers.get("x-cache")).toBe("miss");
    const compute = (body: { daily: Row[] }) => body.daily.find((r) => r.productArea === "compute")!;
    expect(new Prisma.Decimal(compute(await after.json()).quantity).minus(compute(before).quantity).toString()).toBe("0.25");
    // Another tenant's cached answer is untouched.
    expect((await usage("workspaceId=ws_globex&groupBy=productArea")).headers.get("x-cache")).toBe("hit");
  });

  it("reports data complete through the oldest waiting event's arrival, then through the time of the answer", async () => {
    await ingestEvents(
      [
        {
          value: {
            id: "watermark-1",
            workspaceId: "ws_globex",
            productArea: "compute",
            quantity: "1",
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      { source: "api", applyAt: "consumer" }, // queued: what the consumer has yet to apply holds the watermark back
    );
    const queued = await systemDb().meteringEvent.findFirstOrThrow({ where: { workspaceId: "ws_globex", eventId: "watermark-1" } });
    const waiting = await (await usage("workspaceId=ws_globex")).json();
    expect(waiting.completeThrough).toBe(queued.receivedAt.toISOString());
    // Another workspace's view is not held back by globex's queue.
    const initech = await (await usage("workspaceId=ws_initech", ACCOUNTS.initechOwner)).json();
    expect(initech.completeThrough).toBe(initech.generatedAt);

    await drainQueue({ batchSize: 100, graceHours: 48 });
    const applied = await (await usage("workspaceId=ws_globex")).json();
    expect(applied.completeThrough).toBe(applied.generatedAt);

    // Applied at ingest (the default): complete at once.
    const atIngest = {
      id: "watermark-2",
      workspaceId: "ws_globex",
      productArea: "compute",
      quantity: "1",
      occurredAt: applied.generatedAt, // an instant the API has just answered for
    };
    await ingestEvents([{ value: atIngest }], { source: "api" });
    const fresh = await (await usage("workspaceId=ws_globex")).json();
    expect(fresh.completeThrough).toBe(fresh.generatedAt);
  });

  it("checks access before the cache: a warm entry is never served to another tenant", async () => {
    expect((await usage("workspaceId=ws_acme&groupBy=productArea")).status).toBe(200);
    const warm = await usage("workspaceId=ws_acme&groupBy=productArea");
    expect(warm.headers.get("x-cache")).toBe("hit");
    const etag = warm.headers.get("etag")!;
    for (const outsider of [ACCOUNTS.initechOwner, ACCOUNTS.member]) {
      const response = await usage("workspaceId=ws_acme&groupBy=productArea", outsider, { "if-none-match": etag });
      expect(response.status).toBe(403);
      expect(response.headers.get("etag")).toBeNull();
    }
  });

  it("answers 304 to a matching If-None-Match, and a new ETag after new usage", async () => {
    const first = await usage("workspaceId=ws_acme&groupBy=productArea");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await usage("workspaceId=ws_acme&groupBy=productArea", ACCOUNTS.admin, {
      "if-none-match": etag,
      "x-request-id": "revalidate-0001",
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // No figures left: nothing to audit (the read that handed them out was).
    expect(await systemDb().auditEvent.count({ where: { clientRequestId: "revalidate-0001" } })).toBe(0);
    // Another user with the same rights asking the same thing shares the entry but still needs their own session.
    expect((await usage("workspaceId=ws_acme&groupBy=productArea", ACCOUNTS.finance, { "if-none-match": etag })).status).toBe(304);

    await ingestEvents(
      [{ value: { id: "etag-bust-1", workspaceId: "ws_acme", productArea: "gpu", quantity: "1", occurredAt: new Date().toISOString() } }],
      { source: "api" },
    );
    await drainQueue({ batchSize: 100, graceHours: 48 });
    const changed = await usage("workspaceId=ws_acme&groupBy=productArea", ACCOUNTS.admin, {
      "if-none-match": etag,
      "x-request-id": "revalidate-0002",
    });
    expect(changed.status).toBe(200);
    expect(await systemDb().auditEvent.count({ where: { clientRequestId: "revalidate-0002" } })).toBe(1);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("writes exactly one audit event per read, naming every workspace, with actor, period and request id", async () => {
    const response = await usage("workspaceId=ws_acme,ws_globex&period=previous", ACCOUNTS.admin, { "x-request-id": "usage-audit-0001" });
    const body = await response.json();
    const rows = await systemDb().auditEvent.findMany({ where: { clientRequestId: "usage-audit-0001" } });
    expect(rows.map((r) => [r.workspaceId, r.workspaceIds, r.action, r.actorEmail, r.metadata])).toEqual([
      ["ws_acme", ["ws_acme", "ws_globex"], "billing.usage.viewed", ACCOUNTS.admin, { role: "ADMIN" }],
    ]);
    const acme = body.workspaces.find((w: { slug: string }) => w.slug === "acme");
    expect(rows[0]!.target).toEqual({
      period: { start: acme.period.start, end: acme.period.end },
      query: { period: "previous" },
      workspaceCount: 2,
    });
  });

  it("answers workspaceId=all with every workspace the caller may view", async () => {
    const slugs = async (as: string) =>
      ((await (await usage("workspaceId=all&groupBy=workspace&include=workspaces", as)).json()).workspaces as { slug: string }[])
        .map((w) => w.slug)
        .sort();
    expect(await slugs(ACCOUNTS.admin)).toEqual(["acme", "globex"]);
    expect(await slugs(ACCOUNTS.support)).toEqual(["acme", "globex", "initech"]);
    expect(await slugs(ACCOUNTS.initechOwner)).toEqual(["initech"]);
    expect((await usage("workspaceId=all", ACCOUNTS.member)).status).toBe(403);
  });

  it("sends the per-workspace parts for listed workspaces, and for workspaceId=all only when asked", async () => {
    const listed = await (await usage("workspaceId=ws_acme,ws_globex&groupBy=productArea")).json();
    const all = await (await usage("workspaceId=all&groupBy=productArea")).json();
    expect(listed.workspaces.map((w: { slug: string }) => w.slug)).toEqual(["acme", "globex"]);
    expect(new Set(listed.totalsByWorkspace.map((t: { workspaceId: string }) => t.workspaceId))).toEqual(new Set(["ws_acme", "ws_globex"]));
    // The same two workspaces (the admin's whole view): the same totals, without the N-sized parts.
    expect(all).not.toHaveProperty("workspaces");
    expect(all).not.toHaveProperty("totalsByWorkspace");
    parseDocumented(usageResponseSchema, all);
    expect(all.totals).toEqual(listed.totals);
    expect(all.daily).toEqual(listed.daily);

    const asked = await (await usage("workspaceId=all&groupBy=productArea&include=totalsByWorkspace")).json();
    expect(asked).not.toHaveProperty("workspaces");
    expect(asked.totalsByWorkspace).toEqual(listed.totalsByWorkspace);
    const trimmed = await (await usage("workspaceId=ws_acme,ws_globex&groupBy=productArea&include=workspaces")).json();
    expect(trimmed.workspaces).toEqual(listed.workspaces);
    expect(trimmed).not.toHaveProperty("totalsByWorkspace");
  });

  it("sends the comparison with the previous period in its documented shape", async () => {
    for (const period of ["current", "previous"]) {
      const body = parseDocumented(
        usageResponseSchema,
        await (await usage(`workspaceId=ws_acme,ws_globex&compare=previous&period=${period}`)).json(),
      );
      expect(body.comparison).toBeDefined();
    }
  });

  it("rebuilds a multi-workspace report from per-workspace totals that equal the daily rows exactly", async () => {
    const query = "workspaceId=ws_acme,ws_globex&groupBy=workspace,productArea";
    const before = await (await usage(query)).json();
    // Quantities a float would round; the second workspace stays as it was.
    await ingestEvents(
      [
        {
          value: {
            id: "partial-1",
            workspaceId: "ws_acme",
            productArea: "storage",
            quantity: "0.000000000001",
            occurredAt: new Date().toISOString(),
          },
        },
        {
          value: {
            id: "partial-2",
            workspaceId: "ws_acme",
            productArea: "storage",
            quantity: "90071992547409.93",
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      { source: "api" },
    );
    await drainQueue({ batchSize: 100, graceHours: 48 });
    const after = await (await usage(query)).json();

    const daily = async (workspaceId: string, productArea: string, period: { start: string; end: string }) => {
      const { _sum } = await systemDb().billingUsageDaily.aggregate({
        where: { workspaceId, productArea, usageDate: { gte: new Date(period.start), lte: new Date(period.end) } },
        _sum: { quantity: true, sourceEventCount: true },
      });
      return { quantity: _sum.quantity!.toString(), sourceEventCount: Number(_sum.sourceEventCount) };
    };
    for (const row of after.daily as Required<Row>[]) {
      const period = after.workspaces.find((w: { workspaceId: string }) => w.workspaceId === row.workspaceId).period;
      expect({ quantity: row.quantity, sourceEventCount: row.sourceEventCount }).toEqual(
        await daily(row.workspaceId, row.productArea, period),
      );
    }
    const storage = (body: { daily: Row[] }) => body.daily.find((r) => r.workspaceId === "ws_acme" && r.productArea === "storage")!;
    expect(new Exact(storage(after).quantity).minus(storage(before).quantity).toFixed()).toBe("90071992547409.930000000001");
    expect(after.daily.filter((r: Row) => r.workspaceId === "ws_globex")).toEqual(
      before.daily.filter((r: Row) => r.workspaceId === "ws_globex"),
    );
    expect(after.totals).toEqual(
      Object.entries(sum(after.daily, (r) => `${r.productArea}|${r.unit}`)).map(([key, value]) => {
        const [productArea, unit] = key.split("|");
        const [quantity, events] = value.split("/");
        return { productArea, unit, quantity, sourceEventCount: Number(events) };
      }),
    );
  });

  it("never serves a cached report with a workspace's old name", async () => {
    const names = async () => {
      const response = await usage("workspaceId=ws_acme,ws_globex&groupBy=productArea");
      return [response.headers.get("x-cache"), (await response.json()).workspaces.map((w: { name: string }) => w.name)];
    };
    await names();
    expect(await names()).toEqual(["hit", ["Acme Corp", "Globex GmbH"]]);
    await systemDb().workspace.update({ where: { id: "ws_globex" }, data: { name: "Globex AG" } });
    try {
      expect(await names()).toEqual(["miss", ["Acme Corp", "Globex AG"]]);
    } finally {
      await systemDb().workspace.update({ where: { id: "ws_globex" }, data: { name: "Globex GmbH" } });
    }
  });
});
