import { beforeAll, describe, expect, it } from "vitest";
import { GET as invoicePreviewGet } from "@/app/api/billing/invoice-preview/route";
import { GET as projectionGet } from "@/app/api/billing/projection/route";
import { GET as rateCardGet } from "@/app/api/billing/rate-card/route";
import { GET as usageGet } from "@/app/api/billing/usage/route";
import { errorBodySchema } from "@/lib/api/error-response";
import { systemDb } from "@/lib/db";
import { DEMO_PRICE_BOOKS } from "@/lib/demo/demo-prices";
import { addDays } from "@/lib/periods/calendar-date";
import { periodContaining, previousPeriod } from "@/lib/periods/period";
import { invoicePreviewResponseSchema } from "@/lib/pricing/invoice-preview-response";
import { Exact } from "@/lib/pricing/money";
import { rateCardResponseSchema } from "@/lib/pricing/rate-card-response";
import { projectionResponseSchema } from "@/lib/projection/projection-response";
import { usageResponseSchema } from "@/lib/usage/usage-response";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { expectRoleMatrix } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

// As of now: the demo's days run up to today, so every expectation below is derived from the seed.
beforeAll(() => seedDemoData(new Date()));

const ACME = { timeZone: "America/New_York", billingAnchorDay: 1 };
/** A period of acme's that closed well before now (its end plus the 48-hour grace). */
const closedMonth = () => periodContaining(addDays(previousPeriod(ACME, new Date()).start, -1), 1).start.slice(0, 7);

async function get<T>(handler: typeof usageGet, path: string, schema: { parse: (v: unknown) => T }, as: string = ACCOUNTS.admin) {
  const response = await callRoute(handler, path, { as });
  expect([path, response.status]).toEqual([path, 200]);
  return parseDocumented(schema as never, await response.json()) as T;
}

const usage = (query: string) => get(usageGet, `/api/billing/usage?${query}`, usageResponseSchema);
const rateCard = (query: string) => get(rateCardGet, `/api/billing/rate-card?${query}`, rateCardResponseSchema);
const preview = (query: string) => get(invoicePreviewGet, `/api/billing/invoice-preview?${query}`, invoicePreviewResponseSchema);

describe(`GET /api/billing/rate-card on ${backend}`, () => {
  it("follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(rateCardGet, (id) => `/api/billing/rate-card?workspaceId=${id}`, "usage:view");
  });

  it("refuses workspaceId=all and lists, and a bad period, with 400", async () => {
    for (const query of ["workspaceId=all", "workspaceId=ws_acme,ws_globex", "workspaceId=ws_acme&period=soon"]) {
      const response = await callRoute(rateCardGet, `/api/billing/rate-card?${query}`, { as: ACCOUNTS.admin });
      expect([query, response.status]).toEqual([query, 400]);
      parseDocumented(errorBodySchema, await response.json());
    }
  });

  for (const [workspace, period] of [
    ["ws_acme", "current"],
    ["ws_acme", "previous"],
    ["ws_globex", "previous"],
  ] as const) {
    it(`puts each tier's first day where the daily cumulative quantity enters it: ${workspace}, ${period}`, async () => {
      const card = await rateCard(`workspaceId=${workspace}&period=${period}`);
      const report = await usage(`workspaceId=${workspace}&period=${period}&groupBy=day,productArea`);
      expect(card.period).toEqual({ start: report.period.start, end: report.period.end });
      const book = DEMO_PRICE_BOOKS[workspace.slice(3)]!;
      expect(card).toMatchObject({ workspaceId: workspace, currency: book.currency, effectiveFrom: book.effectiveFrom, unpriced: [] });
      expect(card.items.map((i) => i.productArea)).toEqual(book.items.map((i) => i.productArea));
      let tiersReached = 0;
      for (const item of card.items) {
        const days = report.daily.filter((d) => d.productArea === item.productArea);
        const total = report.totals.find((t) => t.productArea === item.productArea)?.quantity ?? "0";
        expect([item.productArea, item.quantityToDate]).toEqual([item.productArea, total]);
        // The day before a tier's first day, the cumulative billable quantity was at or below its floor; on it, above.
        let cumulative = new Exact(0);
        const billableOn = new Map<string, Exact>();
        for (const d of days) billableOn.set(d.date!, (cumulative = cumulative.plus(d.quantity)).minus(item.includedQuantity));
        const firstAbove = (floor: string) => days.find((d) => billableOn.get(d.date!)!.greaterThan(floor))?.date ?? null;
        item.tiers.forEach((tier, i) => {
          const expected = firstAbove(i === 0 ? "0" : item.tiers[i - 1]!.upTo!);
          expect([item.productArea, i, tier.reachedOn]).toEqual([item.productArea, i, expected]);
          if (tier.reachedOn) tiersReached += 1;
        });
        const usedUp = new Exact(item.includedQuantity).isZero()
          ? null
          : (days.find((d) => billableOn.get(d.date!)!.greaterThanOrEqualTo(0))?.date ?? null);
        expect([item.productArea, item.includedUsedUpOn]).toEqual([item.productArea, usedUp]);
        const last = item.tiers.findLastIndex((t) => t.reachedOn !== null);
        expect([item.productArea, item.currentTier]).toEqual([item.productArea, last < 0 ? null : last]);
      }
      if (period === "previous") expect(tiersReached).toBeGreaterThan(card.items.length / 2);
    });
  }

  it("is audited as billing.rate_card.viewed", async () => {
    await rateCard("workspaceId=ws_globex&period=previous");
    const row = await systemDb().auditEvent.findFirst({
      where: { action: "billing.rate_card.viewed", workspaceId: "ws_globex" },
      orderBy: { occurredAt: "desc" },
    });
    expect(row?.actorEmail).toBe(ACCOUNTS.admin);
    expect(row?.target).toMatchObject({ query: { period: "previous" }, effectiveFrom: DEMO_PRICE_BOOKS.globex!.effectiveFrom });
  });
});

describe(`GET /api/billing/invoice-preview on ${backend}`, () => {
  it("follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(invoicePreviewGet, (id) => `/api/billing/invoice-preview?workspaceId=${id}`, "usage:view");
  });

  it("refuses workspaceId=all and lists with 400", async () => {
    for (const query of ["workspaceId=all", "workspaceId=ws_acme,ws_globex"]) {
      const response = await callRoute(invoicePreviewGet, `/api/billing/invoice-preview?${query}`, { as: ACCOUNTS.admin });
      expect([query, response.status]).toEqual([query, 400]);
    }
  });

  for (const workspace of ["ws_acme", "ws_globex", "ws_initech"]) {
    it(`projects to the projection's total to the cent, beside the actual lines so far: ${workspace}`, async () => {
      const as = workspace === "ws_initech" ? ACCOUNTS.initechOwner : ACCOUNTS.admin;
      const body = await get(invoicePreviewGet, `/api/billing/invoice-preview?workspaceId=${workspace}`, invoicePreviewResponseSchema, as);
      const projection = await get(projectionGet, `/api/billing/projection?workspaceId=${workspace}`, projectionResponseSchema, as);
      expect(body).toMatchObject({ estimate: true, period: { closed: false }, projectedAt: projection.asOf });
      expect(body.totals.projected).toBe(projection.totals[0]!.projectedAmount);
      expect(body.totals.actual).toBe(projection.totals[0]!.amountToDate);
      for (const line of body.lines) {
        const area = projection.areas.find((a) => a.productArea === line.productArea)!;
        expect([line.productArea, line.projected!.quantity, line.projected!.amount, line.actual.amount]).toEqual([
          area.productArea,
          area.projectedQuantity,
          area.projectedAmount,
          area.amountToDate,
        ]);
        const tierSum = line.projected!.tiers.reduce((a, t) => a.plus(t.quantity), new Exact(0));
        expect(tierSum.toFixed()).toBe(line.projected!.billableQuantity);
      }
    });
  }

  it("shows a closed period's actual invoice: the usage report's cost lines, no projection", async () => {
    const month = closedMonth();
    for (const workspace of ["ws_acme", "ws_globex"]) {
      const body = await preview(`workspaceId=${workspace}&period=${month}`);
      const report = await usage(`workspaceId=${workspace}&period=${month}`);
      expect(body).toMatchObject({ estimate: false, period: { closed: true }, projectedAt: null, unpriced: [] });
      expect(body.totals).toEqual({ actual: report.cost!.totals[0]!.amount, projected: null });
      const lines = report.cost!.byWorkspace![0]!.lines;
      expect(body.lines.map((l) => [l.productArea, l.actual.quantity, l.actual.billableQuantity, l.actual.amount, l.projected])).toEqual(
        [...lines]
          .sort((a, b) => a.productArea.localeCompare(b.productArea))
          .map((l) => [l.productArea, l.quantity, l.billableQuantity, l.amount, null]),
      );
    }
    const audited = await systemDb().auditEvent.findFirst({
      where: { action: "billing.invoice_preview.viewed", workspaceId: "ws_globex" },
      orderBy: { occurredAt: "desc" },
    });
    expect(audited?.target).toMatchObject({ query: { period: month } });
  });
});
