import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/billing/projection/route";
import { GET as usageGet } from "@/app/api/billing/usage/route";
import { errorBodySchema } from "@/lib/api/error-response";
import { systemDb } from "@/lib/db";
import { DEMO_PRICE_BOOKS } from "@/lib/demo/demo-prices";
import { DEMO_HISTORY_DAYS } from "@/lib/demo/demo-data";
import { addDays, calendarDateIn, daysBetween, formatCalendarDate } from "@/lib/periods/calendar-date";
import { currentPeriod, periodContaining, previousPeriod } from "@/lib/periods/period";
import { priceLine } from "@/lib/pricing/invoice-lines";
import { decimalOfFloat, Exact } from "@/lib/pricing/money";
import { setPriceBook } from "@/lib/pricing/set-price-book";
import { drainQueue } from "@/lib/metering/consumer";
import { projectionResponseSchema } from "@/lib/projection/projection-response";
import { clearUsageCache } from "@/lib/usage/usage-cache";
import { usageResponseSchema } from "@/lib/usage/usage-response";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { expectRoleMatrix } from "../support/role-matrix";
import { event, postEvents } from "../support/metering";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

beforeAll(() => seedDemoData(new Date()));

/**
 * What the straight-line pace was off by, worked out here from acme's seeded days: each complete
 * period since its first day of usage (the last six), its first `daysSeen` days averaged and
 * carried to its end, per area, priced with acme's book, summed, against the period's actual.
 */
async function straightLineError(asOf: Date, productAreas: string[] | null) {
  const cycle = { timeZone: "America/New_York", billingAnchorDay: 1 };
  const today = calendarDateIn(asOf, cycle.timeZone);
  const daysSeen = daysBetween(currentPeriod(cycle, asOf).start, today);
  const rows = await systemDb().billingUsageDaily.findMany({
    where: { workspaceId: "ws_acme", ...(productAreas && { productArea: { in: productAreas } }) },
    orderBy: { usageDate: "asc" },
  });
  const firstDay = formatCalendarDate(rows[0]!.usageDate);
  const periods = [];
  for (let p = previousPeriod(cycle, asOf); p.start >= firstDay; p = periodContaining(addDays(p.start, -1), 1)) {
    if (daysBetween(p.start, p.end) + 1 > daysSeen) periods.unshift(p);
  }
  const book = DEMO_PRICE_BOOKS.acme!;
  const priced = (productArea: string, quantity: number) =>
    new Exact(
      priceLine(
        book.items.find((i) => i.productArea === productArea)!,
        decimalOfFloat(quantity, 6),
        book.currency,
      ).amount,
    );
  const errors = periods.slice(-6).flatMap(({ start, end }) => {
    const days = daysBetween(start, end) + 1;
    let actual = new Exact(0);
    let line = new Exact(0);
    for (const area of new Set(rows.map((r) => r.productArea))) {
      const values = rows
        .filter((r) => r.productArea === area && formatCalendarDate(r.usageDate) >= start && formatCalendarDate(r.usageDate) <= end)
        .map((r) => ({ day: daysBetween(start, formatCalendarDate(r.usageDate)), value: r.quantity.toNumber() }));
      const seen = values.filter((v) => v.day < daysSeen).reduce((sum, v) => sum + v.value, 0);
      actual = actual.plus(
        priced(
          area,
          values.reduce((sum, v) => sum + v.value, 0),
        ),
      );
      line = line.plus(priced(area, (seen / daysSeen) * days));
    }
    return actual.greaterThan(0) ? [line.minus(actual).abs().dividedBy(actual).toNumber()] : [];
  });
  return { daysSeen, periods: errors.length, error: errors.reduce((a, b) => a + b, 0) / errors.length };
}

async function projection(query: string, as: string = ACCOUNTS.admin) {
  const response = await callRoute(GET, `/api/billing/projection?${query}`, { as });
  expect(response.status).toBe(200);
  return parseDocumented(projectionResponseSchema, await response.json());
}

describe(`GET /api/billing/projection on ${backend}`, () => {
  it("follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(GET, (id) => `/api/billing/projection?workspaceId=${id}`, "usage:view");
  });

  it("projects an open period per area, in a range around the central value, priced per currency", async () => {
    const body = await projection("workspaceId=ws_acme");
    expect(body).toMatchObject({ estimate: true, method: "combined" });
    expect(body.areas.length).toBe(12);
    for (const area of body.areas) {
      const [q, p10, central, p90] = [
        area.quantityToDate,
        area.projectedQuantityP10,
        area.projectedQuantity,
        area.projectedQuantityP90,
      ].map((v) => new Exact(v));
      expect(central!.greaterThanOrEqualTo(q!)).toBe(true);
      expect(p10!.lessThanOrEqualTo(central!) && central!.lessThanOrEqualTo(p90!)).toBe(true);
      expect(area.currency).toBe("USD");
    }
    const [usd] = body.totals;
    expect(usd!.currency).toBe("USD");
    const sum = (key: "projectedAmount" | "amountToDate") => body.areas.reduce((total, a) => total.plus(a[key]!), new Exact(0)).toFixed(2);
    expect(usd!.projectedAmount).toBe(sum("projectedAmount"));
    expect(usd!.amountToDate).toBe(sum("amountToDate"));
    expect(body.notes.join(" ")).toMatch(/estimate, not a charge/);
    // A range that means something (days before the demo's first usage once made it trillions wide).
    expect(new Exact(usd!.projectedAmountP90).lessThan(new Exact(usd!.projectedAmount).times(2))).toBe(true);
    const audited = await systemDb().auditEvent.findFirst({
      where: { action: "billing.projection.viewed", workspaceId: "ws_acme" },
      orderBy: { occurredAt: "desc" },
    });
    expect(audited?.actorEmail).toBe(ACCOUNTS.admin);
  });

  it("does not carry the seeded 10× spike on acme's Realtime into the rest of the period", async () => {
    const body = await projection("workspaceId=ws_acme&productArea=realtime");
    const ahead = body.forecast.filter((day) => day.productArea === "realtime");
    expect(ahead.length).toBeGreaterThan(0);
    // What a typical recent day was, weekday by weekday (Realtime dips 30 % at weekends): the
    // median of the last four weeks' complete days of the same weekday, the spike among them.
    const today = calendarDateIn(new Date(body.asOf), "America/New_York");
    const recent = await systemDb().billingUsageDaily.findMany({
      where: { workspaceId: "ws_acme", productArea: "realtime", usageDate: { lt: new Date(`${today}T00:00:00Z`) } },
      orderBy: { usageDate: "desc" },
      take: 28,
    });
    const quantities = recent.map((r) => r.quantity.toNumber());
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
    };
    expect(Math.max(...quantities.slice(0, 14))).toBeGreaterThan(5 * median(quantities.slice(0, 14)));
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
    const typical = ahead.reduce(
      (total, day) => total + median(recent.filter((r) => r.usageDate.getUTCDay() === weekday(day.date)).map((r) => r.quantity.toNumber())),
      0,
    );
    const projected = ahead.reduce((total, day) => total + Number(day.quantity), 0);
    expect(projected / typical).toBeGreaterThan(0.75);
    expect(projected / typical).toBeLessThan(1.25);
  });

  it("gives a closed period's actual figures, equal to the invoice lines of the usage API's totals", async () => {
    // Globex's period that started about 80 days ago (anchor day 15): closed, inside the demo's 120 days.
    const period = new Date(Date.now() - 80 * 86_400_000).toISOString().slice(0, 7);
    const body = await projection(`workspaceId=ws_globex&period=${period}`);
    const usageResponse = await callRoute(usageGet, `/api/billing/usage?workspaceId=ws_globex&period=${period}`, { as: ACCOUNTS.admin });
    const usage = parseDocumented(usageResponseSchema, await usageResponse.json());
    expect(body.estimate).toBe(false);
    expect(body.accuracy).toBeNull();
    expect(body.areas.length).toBe(6);
    expect(body.totals).toEqual(
      usage.cost!.totals.map((t) => ({
        currency: t.currency,
        amountToDate: t.amount,
        projectedAmount: t.amount,
        projectedAmountP10: t.amount,
        projectedAmountP90: t.amount,
      })),
    );
    for (const area of body.areas) {
      expect(area.projectedQuantity).toBe(area.quantityToDate);
      expect(area.projectedAmount).toBe(usage.cost!.byArea.find((a) => a.productArea === area.productArea)?.amount);
    }
  });

  it("totals each currency apart across workspaces", async () => {
    const body = await projection("workspaceId=ws_acme,ws_globex");
    expect(body.totals.map((t) => t.currency)).toEqual(["EUR", "USD"]);
  });

  it("says how accurate projections were at this point of earlier periods", async () => {
    const body = await projection("workspaceId=ws_acme");
    // 120 days of demo history: the complete periods inside it that start on or after its first
    // day are replayed; the one it begins in the middle of is not, nor one shorter than the days
    // seen of this period (on 31 December, 30 days seen: November has no such point to replay).
    const cycle = { timeZone: "America/New_York", billingAnchorDay: 1 };
    const asOf = new Date(body.asOf);
    const today = calendarDateIn(asOf, cycle.timeZone);
    const firstDay = addDays(today, -(DEMO_HISTORY_DAYS - 1));
    const seen = daysBetween(currentPeriod(cycle, asOf).start, today);
    let expected = 0;
    for (let p = previousPeriod(cycle, asOf); p.start >= firstDay; p = periodContaining(addDays(p.start, -1), 1)) {
      if (daysBetween(p.start, p.end) + 1 > seen) expected++;
    }
    expect(body.accuracy?.periods).toBe(expected);
    expect(body.accuracy!.meanAbsolutePercentageError).toBeGreaterThanOrEqual(0);
    expect(body.accuracy!.rangeCoverage).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ["every area", null],
    ["the areas asked for", ["realtime", "builds"]],
  ])("says how far a straight line was off over the same periods, priced the same way: %s", async (_, areas) => {
    const body = await projection(`workspaceId=ws_acme${areas ? `&productArea=${areas.join(",")}` : ""}`);
    const expected = await straightLineError(new Date(body.asOf), areas);
    expect(body.accuracy).toMatchObject({ daysSeen: expected.daysSeen, periods: expected.periods });
    if (expected.daysSeen === 0) {
      // A period's first day: no day of it to draw a line from.
      expect(body.accuracy!.straightLineMeanAbsolutePercentageError).toBeNull();
    } else {
      expect(body.accuracy!.straightLineMeanAbsolutePercentageError).toBeCloseTo(expected.error, 3);
    }
    expect(body.accuracy!.meanAbsolutePercentageError).toBeGreaterThanOrEqual(0);
  });

  it("answers a workspace without usage with nothing projected", async () => {
    await systemDb().workspace.upsert({
      where: { id: "ws_empty" },
      create: { id: "ws_empty", slug: "empty", name: "Empty", timeZone: "UTC", currency: "USD" },
      update: {},
    });
    const support = await callRoute(GET, "/api/billing/projection?workspaceId=ws_empty", { as: ACCOUNTS.support });
    const body = parseDocumented(projectionResponseSchema, await support.json());
    expect(body).toMatchObject({ areas: [], totals: [], accuracy: null, estimate: true });
  });

  it("refuses a malformed period with the standard error body", async () => {
    const response = await callRoute(GET, "/api/billing/projection?workspaceId=ws_acme&period=2026-13", { as: ACCOUNTS.admin });
    expect(response.status).toBe(400);
    expect(parseDocumented(errorBodySchema, await response.json()).error.code).toBe("bad_request");
    const next = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 7);
    const future = await callRoute(GET, `/api/billing/projection?workspaceId=ws_acme&period=${next}`, { as: ACCOUNTS.admin });
    expect(future.status).toBe(400);
    expect(parseDocumented(errorBodySchema, await future.json()).error.message).toMatch(/has not begun/);
  });

  it("is cached, and a new price book moves it at once", async () => {
    const before = await projection("workspaceId=ws_initech", ACCOUNTS.support);
    expect((await projection("workspaceId=ws_initech", ACCOUNTS.support)).asOf).toBe(before.asOf); // the cached one
    const { start } = currentPeriod({ timeZone: "Asia/Tokyo", billingAnchorDay: 1 }, new Date());
    const doubled = DEMO_PRICE_BOOKS.initech!.items.map((item) => ({
      ...item,
      tiers: item.tiers.map((tier) => ({ ...tier, unitAmount: new Exact(tier.unitAmount).times(2).toFixed() })),
    }));
    await setPriceBook({ workspace: "initech", book: { currency: "USD", effectiveFrom: start, items: doubled }, by: ACCOUNTS.support });
    const after = await projection("workspaceId=ws_initech", ACCOUNTS.support);
    expect(after.asOf).not.toBe(before.asOf);
    expect(new Exact(after.totals[0]!.projectedAmount).greaterThan(before.totals[0]!.projectedAmount)).toBe(true);
  });

  it("adds the day in progress to the cached history, and recomputes it when an earlier day changes", async () => {
    const versions = () => systemDb().usageVersion.findUniqueOrThrow({ where: { workspaceId: "ws_acme" } });
    const withoutTime = ({ asOf: _asOf, ...rest }: Awaited<ReturnType<typeof projection>>) => rest;
    const ingest = async (occurredAt: Date, quantity: string) => {
      expect((await postEvents([event({ quantity, occurredAt: occurredAt.toISOString() })])).status).toBeLessThan(300);
      await drainQueue({ batchSize: 100, graceHours: 48, now: new Date() });
    };
    const before = await projection("workspaceId=ws_acme");
    const compute = (body: typeof before) => body.areas.find((a) => a.productArea === "compute")!;
    const stamp = await versions();

    await ingest(new Date(), "1000");
    const today = await versions();
    expect(today.version).toBeGreaterThan(stamp.version);
    expect(today.historyVersion).toBe(stamp.historyVersion); // only today moved: the history is kept
    const cached = await projection("workspaceId=ws_acme");
    expect(new Exact(compute(cached).quantityToDate).minus(compute(before).quantityToDate).toFixed()).toBe("1000");
    clearUsageCache();
    expect(withoutTime(await projection("workspaceId=ws_acme"))).toEqual(withoutTime(cached));

    await ingest(new Date(Date.now() - 30 * 3_600_000), "5000"); // before today in any time zone
    expect((await versions()).historyVersion).toBeGreaterThan(today.historyVersion);
    const recomputed = await projection("workspaceId=ws_acme");
    clearUsageCache();
    expect(withoutTime(await projection("workspaceId=ws_acme"))).toEqual(withoutTime(recomputed));
  });
});
