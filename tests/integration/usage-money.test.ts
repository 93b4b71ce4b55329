import { beforeAll, describe, expect, it } from "vitest";
import { GET as projectionGet } from "@/app/api/billing/projection/route";
import { GET as usageGet } from "@/app/api/billing/usage/route";
import { systemDb } from "@/lib/db";
import { DEMO_HISTORY_DAYS, DEMO_WORKSPACES } from "@/lib/demo/demo-data";
import { addDays, calendarDateIn, dayOfWeek } from "@/lib/periods/calendar-date";
import { periodContaining, previousPeriod } from "@/lib/periods/period";
import { Exact } from "@/lib/pricing/money";
import { projectionResponseSchema } from "@/lib/projection/projection-response";
import { usageResponseSchema, type UsageResponse } from "@/lib/usage/usage-response";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { expectRoleMatrix } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

// As of now: every expectation is derived from the seeded rows or from other answers of the API.
const NOW = new Date();
beforeAll(() => seedDemoData(NOW));

const viewer = (workspaceId: string) => (workspaceId === "ws_initech" ? ACCOUNTS.initechOwner : ACCOUNTS.admin);

async function usage(query: string, as: string = ACCOUNTS.admin): Promise<UsageResponse> {
  const response = await callRoute(usageGet, `/api/billing/usage?${query}`, { as });
  expect([query, response.status]).toEqual([query, 200]);
  return parseDocumented(usageResponseSchema, await response.json());
}

/** Per key, the exact sum of the amounts, as the currency's minor unit prints it. */
function sums(rows: { amount: string | null; currency: string | null }[], key: (row: never) => string) {
  const out = new Map<string, Exact>();
  for (const row of rows) {
    if (row.amount === null) continue;
    const k = `${key(row as never)}|${row.currency}`;
    out.set(k, (out.get(k) ?? new Exact(0)).plus(row.amount));
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, v.toFixed(k.endsWith("JPY") ? 0 : 2)]));
}

/** Each demo workspace's periods that the seeded history reaches, as `period=YYYY-MM`. */
function seededMonths(workspace: (typeof DEMO_WORKSPACES)[number]): string[] {
  const today = calendarDateIn(NOW, workspace.timeZone);
  const firstSeeded = addDays(today, 1 - DEMO_HISTORY_DAYS); // the seed writes today and the days before it
  const months: string[] = [];
  for (let p = periodContaining(today, workspace.billingAnchorDay); p.end >= firstSeeded;) {
    months.unshift(p.start.slice(0, 7));
    p = periodContaining(addDays(p.start, -1), workspace.billingAnchorDay);
  }
  return months;
}

describe(`daily amounts in GET /api/billing/usage on ${backend}`, () => {
  it("still follows the permission table with the new parameters", async () => {
    await expectRoleMatrix(usageGet, (id) => `/api/billing/usage?workspaceId=${id}&granularity=week&compare=previous`, "usage:view");
  });

  for (const workspace of DEMO_WORKSPACES) {
    it(`add up exactly to each area's cost line in every seeded period: ${workspace.slug}`, async () => {
      const months = seededMonths(workspace);
      expect(months.length).toBeGreaterThanOrEqual(4);
      let tiered = 0;
      for (const month of months) {
        const report = await usage(`workspaceId=${workspace.id}&period=${month}`, viewer(workspace.id));
        const lines = report.cost!.byArea;
        expect(lines.length).toBeGreaterThan(0);
        expect([month, sums(report.daily, (r: { productArea: string }) => r.productArea)]).toEqual([
          month,
          Object.fromEntries(lines.map((l) => [`${l.productArea}|${l.currency}`, l.amount])),
        ]);
        expect(report.daily.every((d) => d.currency === workspace.currency)).toBe(true);
        // Included quantities fall on days: an area free on its first days, then charged.
        const areas = new Set(report.daily.map((d) => d.productArea));
        for (const area of areas) {
          const amounts = report.daily.filter((d) => d.productArea === area).map((d) => d.amount);
          if (amounts[0] === "0.00" && amounts.some((a) => a !== "0.00")) tiered += 1;
        }
      }
      expect(tiered).toBeGreaterThan(0);
    });
  }

  it("sum per currency over a view of workspaces in two currencies, grouped rows included", async () => {
    const report = await usage("workspaceId=ws_acme,ws_globex&period=previous&include=totalsByWorkspace");
    expect(sums(report.daily, (r: { productArea: string }) => r.productArea)).toEqual(
      Object.fromEntries(report.cost!.byArea.map((l) => [`${l.productArea}|${l.currency}`, l.amount])),
    );
    const byArea = await usage("workspaceId=ws_acme,ws_globex&period=previous&groupBy=productArea");
    // Both workspaces use compute: one row per area and unit, whose amount would add EUR to USD.
    expect(byArea.daily.find((r) => r.productArea === "compute")).toMatchObject({ amount: null, currency: null });
    const gpu = byArea.daily.find((r) => r.productArea === "gpu")!; // acme's alone
    expect(gpu).toMatchObject({ currency: "USD", amount: report.cost!.byArea.find((a) => a.productArea === "gpu")!.amount });
    const byWorkspaceArea = await usage("workspaceId=ws_acme,ws_globex&period=previous&groupBy=workspace,productArea");
    for (const row of byWorkspaceArea.daily) {
      const line = report
        .cost!.byWorkspace!.find((w) => w.workspaceId === row.workspaceId)!
        .lines.find((l) => l.productArea === row.productArea)!;
      expect([row.workspaceId, row.productArea, row.amount]).toEqual([row.workspaceId, row.productArea, line.amount]);
    }
  });

  it("prices a range across two periods and two currencies day by day in each day's own period, never adding currencies", async () => {
    // A closed stretch that crosses acme's first of the month and globex's 15th.
    const acmeStart = previousPeriod({ timeZone: "America/New_York", billingAnchorDay: 1 }, NOW).start;
    const before = periodContaining(addDays(acmeStart, -1), 1).start;
    const from = addDays(before, 9);
    const to = addDays(acmeStart, 19);
    const range = await usage(`workspaceId=ws_acme,ws_globex&from=${from}&to=${to}`);
    expect(range.cost!.byWorkspace).toBeUndefined();
    expect(range.cost!.totals.map((t) => t.currency)).toEqual(["EUR", "USD"]);
    expect(Object.fromEntries(range.cost!.totals.map((t) => [t.currency, t.amount]))).toEqual(
      Object.fromEntries(Object.entries(sums(range.daily, () => "")).map(([k, v]) => [k.slice(1), v])),
    );
    expect(sums(range.daily, (r: { productArea: string }) => r.productArea)).toEqual(
      Object.fromEntries(range.cost!.byArea.map((l) => [`${l.productArea}|${l.currency}`, l.amount])),
    );
    // Each day's amount is the one it has in the report of its own whole period.
    const periodRows = new Map<string, string | null>();
    for (const [workspaceId, anchor] of [
      ["ws_acme", 1],
      ["ws_globex", 15],
    ] as const) {
      for (let p = periodContaining(from, anchor); p.start <= to; p = periodContaining(p.endExclusive, anchor)) {
        for (const d of (await usage(`workspaceId=${workspaceId}&period=${p.start.slice(0, 7)}`)).daily) {
          periodRows.set(`${workspaceId}|${d.date}|${d.productArea}`, d.amount);
        }
      }
    }
    expect(range.daily.length).toBeGreaterThan(0);
    for (const d of range.daily) {
      expect([d.workspaceId, d.date, d.productArea, d.amount]).toEqual([
        d.workspaceId,
        d.date,
        d.productArea,
        periodRows.get(`${d.workspaceId}|${d.date}|${d.productArea}`),
      ]);
      expect(d.currency).toBe(d.workspaceId === "ws_globex" ? "EUR" : "USD");
    }
    // By day across both workspaces: a day with priced usage in both would add EUR to USD.
    const byDay = await usage(`workspaceId=ws_acme,ws_globex&from=${from}&to=${to}&groupBy=day`);
    for (const day of byDay.daily) {
      const own = sums(
        range.daily.filter((d) => d.date === day.date && d.unit === day.unit),
        () => "",
      );
      const only = Object.entries(own);
      expect([day.date, day.unit, day.currency, day.amount]).toEqual(
        only.length === 1 ? [day.date, day.unit, only[0]![0].slice(1), only[0]![1]] : [day.date, day.unit, null, null],
      );
    }
    expect(byDay.daily.some((d) => d.amount === null)).toBe(true);
    const acmeOnly = await usage(`workspaceId=ws_acme&from=${from}&to=${to}&groupBy=day`);
    expect(sums(acmeOnly.daily, () => "")).toEqual({ "|USD": range.cost!.totals.find((t) => t.currency === "USD")!.amount });
  });

  it("compares money over the same windows as quantities: each side the sum of its days' amounts", async () => {
    // The previous period: ended, so it always has a comparison (the current one has none on its
    // first local day, which this suite may run on: globex's starts at 00:00 in Berlin).
    const report = await usage("workspaceId=ws_acme,ws_globex&period=previous&compare=previous");
    const comparison = report.comparison!;
    if (!comparison.available) throw new Error("an ended period is always compared with the one before");
    for (const side of ["current", "previous"] as const) {
      const windows = comparison.windows;
      const costs = new Map<string, Exact>();
      for (const w of windows) {
        const days = await usage(`workspaceId=${w.workspaceId}&from=${w[side].from}&to=${w[side].to}&groupBy=productArea`);
        for (const a of days.cost!.byArea)
          costs.set(`${a.productArea}|${a.currency}`, (costs.get(`${a.productArea}|${a.currency}`) ?? new Exact(0)).plus(a.amount));
      }
      expect(Object.fromEntries(comparison.costs.map((c) => [`${c.productArea}|${c.currency}`, c[side]]))).toEqual(
        Object.fromEntries([...costs].map(([k, v]) => [k, v.toFixed(2)])),
      );
      for (const total of comparison.costTotals) {
        const sum = comparison.costs.filter((c) => c.currency === total.currency).reduce((a, c) => a.plus(c[side]), new Exact(0));
        expect(total[side]).toBe(sum.toFixed(2));
      }
    }
    expect(comparison.costTotals.map((t) => t.currency)).toEqual(["EUR", "USD"]);
  });
});

describe(`granularity on ${backend}`, () => {
  it("sums days into weeks that start on Sunday for en-US and on Monday for en-GB and de-DE", async () => {
    const acme = await usage("workspaceId=ws_acme&period=previous&granularity=week"); // en-US
    const globex = await usage("workspaceId=ws_globex&period=previous&granularity=week"); // en-GB
    expect(acme.granularity).toBe("week");
    expect(new Set(acme.daily.map((d) => dayOfWeek(d.date!)))).toEqual(new Set([0]));
    expect(new Set(globex.daily.map((d) => dayOfWeek(d.date!)))).toEqual(new Set([1]));
    await systemDb().workspace.update({ where: { id: "ws_acme" }, data: { locale: "de-DE" } });
    try {
      const german = await usage("workspaceId=ws_acme&period=previous&granularity=week");
      expect(new Set(german.daily.map((d) => dayOfWeek(d.date!)))).toEqual(new Set([1]));
    } finally {
      await systemDb().workspace.update({ where: { id: "ws_acme" }, data: { locale: "en-US" } });
    }
  });

  for (const [granularity, bucket] of [
    ["week", (date: string) => addDays(date, -dayOfWeek(date))],
    ["month", (date: string) => `${date.slice(0, 7)}-01`],
  ] as const) {
    it(`sums quantities, events and amounts of the days into ${granularity}s, dated by their first day`, async () => {
      const query = "workspaceId=ws_acme,ws_globex&period=previous&groupBy=day,productArea";
      const days = await usage(query);
      const buckets = await usage(`${query}&granularity=${granularity}`);
      expect(days.granularity).toBe("day");
      const expected = new Map<string, { quantity: Exact; events: number; amounts: Set<string | null>; amount: Exact }>();
      // Weeks are the first workspace's (acme, en-US: Sunday).
      for (const d of days.daily) {
        const key = `${bucket(d.date!)}|${d.productArea}`;
        const entry = expected.get(key) ?? { quantity: new Exact(0), events: 0, amounts: new Set(), amount: new Exact(0) };
        entry.quantity = entry.quantity.plus(d.quantity);
        entry.events += d.sourceEventCount;
        entry.amounts.add(d.currency);
        entry.amount = entry.amount.plus(d.amount ?? "0");
        expected.set(key, entry);
      }
      expect(buckets.daily.map((d) => `${d.date}|${d.productArea}`).sort()).toEqual([...expected.keys()].sort());
      for (const d of buckets.daily) {
        const e = expected.get(`${d.date}|${d.productArea}`)!;
        expect([d.date, d.productArea, d.quantity, d.sourceEventCount]).toEqual([d.date, d.productArea, e.quantity.toFixed(), e.events]);
        // A day row that already mixed EUR and USD has no amount; the bucket then has none either.
        if (e.amounts.size === 1 && !e.amounts.has(null)) expect(d.amount).toBe(e.amount.toFixed(2));
        else if (d.amount !== null) expect(e.amounts.has(null)).toBe(true);
      }
      expect(buckets.totals).toEqual(days.totals);
      expect(buckets.cost).toEqual(days.cost);
    });
  }
});

describe(`the projection's previous invoice on ${backend}`, () => {
  it("is the previous period's actual invoice total, as the usage report prices it", async () => {
    for (const workspace of DEMO_WORKSPACES) {
      const as = viewer(workspace.id);
      const response = await callRoute(projectionGet, `/api/billing/projection?workspaceId=${workspace.id}`, { as });
      const projection = parseDocumented(projectionResponseSchema, await response.json());
      const previous = await usage(`workspaceId=${workspace.id}&period=previous`, as);
      expect(projection.previousInvoice).toEqual({
        currency: workspace.currency,
        amount: previous.cost!.totals[0]!.amount,
        periodStart: previous.period.start,
        periodEnd: previous.period.end,
      });
    }
    const mixed = await callRoute(projectionGet, "/api/billing/projection?workspaceId=ws_acme,ws_globex", { as: ACCOUNTS.admin });
    expect(parseDocumented(projectionResponseSchema, await mixed.json()).previousInvoice).toBeNull();
  });
});
