import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/billing/usage/export/route";
import { GET as projectionGet } from "@/app/api/billing/projection/route";
import { GET } from "@/app/api/billing/usage/route";
import { DEMO_PRICE_BOOKS } from "@/lib/demo/demo-prices";
import { invoiceLines } from "@/lib/pricing/invoice-lines";
import { addDays, calendarDateIn } from "@/lib/periods/calendar-date";
import { Exact } from "@/lib/pricing/money";
import { projectionResponseSchema } from "@/lib/projection/projection-response";
import { usageResponseSchema } from "@/lib/usage/usage-response";
import { parseCsv } from "../support/csv";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

// As of now: the previous period these tests price lies inside the seeded 120 days at any date.
// The seed writes the days up to this instant; ranges below are derived from it.
const SEEDED_AT = new Date();
beforeAll(() => seedDemoData(SEEDED_AT));

async function usage(query: string) {
  const response = await callRoute(GET, `/api/billing/usage?${query}`, { as: ACCOUNTS.admin });
  expect(response.status).toBe(200);
  return parseDocumented(usageResponseSchema, await response.json());
}

describe(`cost to date in the usage report on ${backend}`, () => {
  it("is the invoice lines of the period's totals, through the workspace's price book", async () => {
    const report = await usage("workspaceId=ws_acme&period=previous");
    const expected = invoiceLines(DEMO_PRICE_BOOKS.acme!, report.totals);
    expect(report.cost!.byWorkspace).toEqual([
      expect.objectContaining({ workspaceId: "ws_acme", currency: "USD", amount: expected.total, effectiveFrom: "2025-01-01" }),
    ]);
    expect(report.cost!.totals).toEqual([{ currency: "USD", amount: expected.total }]);
    expect(report.cost!.byArea).toEqual(
      expected.lines
        .map((l) => ({ productArea: l.productArea, currency: "USD", amount: l.amount }))
        .sort((a, b) => a.productArea.localeCompare(b.productArea)),
    );
    // Tiers matter in the demo: compute crosses its first tier, its included quantity is taken off.
    const compute = report.cost!.byWorkspace![0]!.lines.find((l) => l.productArea === "compute")!;
    expect(new Exact(compute.quantity).minus(compute.billableQuantity).toFixed()).toBe("500");
    expect(expected.lines.find((l) => l.productArea === "compute")!.tiers.filter((t) => t.quantity !== "0").length).toBeGreaterThan(1);
    expect(report.cost!.unpriced).toEqual([]);
  });

  it("prices only the product areas shown", async () => {
    const report = await usage("workspaceId=ws_acme&period=previous&productArea=compute,storage");
    expect(report.cost!.byArea.map((a) => a.productArea)).toEqual(["compute", "storage"]);
    const sum = report.cost!.byArea.reduce((total, a) => total.plus(a.amount), new Exact(0));
    expect(report.cost!.totals).toEqual([{ currency: "USD", amount: sum.toFixed(2) }]);
  });

  it("totals each currency apart in a view of workspaces that bill in different ones", async () => {
    const report = await usage("workspaceId=ws_acme,ws_globex&period=previous");
    expect(report.cost!.totals.map((t) => t.currency)).toEqual(["EUR", "USD"]);
    for (const { currency, amount } of report.cost!.totals) {
      const lines = report.cost!.byWorkspace!.filter((w) => w.currency === currency);
      expect(amount).toBe(lines.reduce((total, w) => total.plus(w.amount), new Exact(0)).toFixed(2));
    }
    const compute = report.cost!.byArea.filter((a) => a.productArea === "compute");
    expect(compute.map((a) => a.currency)).toEqual(["EUR", "USD"]);
  });

  it("prices a custom date range as the sum of its days' amounts, without per-workspace lines", async () => {
    // Sixteen days the seed wrote usage on, whatever day the suite runs.
    const today = calendarDateIn(SEEDED_AT, "America/New_York");
    const report = await usage(`workspaceId=ws_acme&from=${addDays(today, -40)}&to=${addDays(today, -25)}`);
    expect(report.daily.length).toBeGreaterThan(0);
    const days = report.daily.reduce((total, d) => total.plus(d.amount ?? "0"), new Exact(0));
    expect(report.cost!.totals).toEqual([{ currency: "USD", amount: days.toFixed(2) }]);
    expect(report.cost!.byWorkspace).toBeUndefined();
  });

  for (const query of [
    "workspaceId=ws_acme&period=previous",
    "workspaceId=ws_acme,ws_globex&period=previous&productArea=compute,storage",
  ]) {
    it(`puts the same money in the CSV as in the report: ${query}`, async () => {
      const report = await usage(query);
      const response = await callRoute(exportCsv, `/api/billing/usage/export?${query}`, { as: ACCOUNTS.admin });
      expect(response.status).toBe(200);
      const records = parseCsv(await response.text());
      expect(records.filter((r) => r.row_type === "day").every((r) => r.currency === "" && r.amount === "")).toBe(true);
      expect(records.filter((r) => r.row_type === "cost_total").map((r) => ({ currency: r.currency, amount: r.amount }))).toEqual(
        report.cost!.totals,
      );
      for (const workspace of report.cost!.byWorkspace!) {
        for (const line of workspace.lines) {
          const row = records.find(
            (r) =>
              r.row_type === (report.cost!.byWorkspace!.length > 1 ? "workspace_total" : "total") &&
              r.product_area === line.productArea &&
              (report.cost!.byWorkspace!.length === 1 || r.workspace === workspace.workspaceId.replace("ws_", "")),
          );
          expect(row).toMatchObject({ currency: workspace.currency, amount: line.amount });
        }
      }
    });
  }

  it("marks an open period's projection in the CSV as estimate rows, apart from the charges", async () => {
    const response = await callRoute(exportCsv, "/api/billing/usage/export?workspaceId=ws_acme&period=current", { as: ACCOUNTS.admin });
    const records = parseCsv(await response.text());
    const estimates = records.filter((r) => r.row_type === "estimate");
    expect(estimates.length).toBeGreaterThan(0);
    for (const row of estimates) {
      // At least what is in already (the demo's usage may not reach this period yet: then it is all forecast).
      const total = records.find((r) => r.row_type === "total" && r.product_area === row.product_area);
      expect(new Exact(row.quantity!).greaterThanOrEqualTo(total?.quantity ?? "0")).toBe(true);
      expect(row.currency).toBe("USD");
    }
    expect(records.filter((r) => r.row_type === "estimate_total").map((r) => r.currency)).toEqual(["USD"]);
    const closed = parseCsv(
      await (await callRoute(exportCsv, "/api/billing/usage/export?workspaceId=ws_acme&period=2026-10", { as: ACCOUNTS.admin })).text(),
    );
    expect(closed.some((r) => r.row_type!.startsWith("estimate"))).toBe(false);
  });

  it("gives estimate rows the projection's P10, P90 and the time it was made, in columns after amount that other rows leave empty", async () => {
    const before = new Date();
    const response = await callRoute(exportCsv, "/api/billing/usage/export?workspaceId=ws_acme&period=current", { as: ACCOUNTS.admin });
    const text = await response.text();
    const after = new Date();
    expect(
      text.slice(0, text.indexOf("\r\n")).endsWith(",currency,amount,quantity_p10,quantity_p90,amount_p10,amount_p90,estimated_at"),
    ).toBe(true);
    const records = parseCsv(text);
    const added = ["quantity_p10", "quantity_p90", "amount_p10", "amount_p90", "estimated_at"];
    for (const row of records.filter((r) => !r.row_type!.startsWith("estimate"))) {
      expect(added.map((column) => row[column])).toEqual(["", "", "", "", ""]);
    }

    const estimates = records.filter((r) => r.row_type === "estimate");
    const [total] = records.filter((r) => r.row_type === "estimate_total");
    const [madeAt] = new Set(estimates.concat(total!).map((r) => r.estimated_at));
    expect(madeAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(new Set(estimates.concat(total!).map((r) => r.estimated_at)).size).toBe(1);
    expect(new Date(madeAt!).getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(new Date(madeAt!).getTime()).toBeLessThanOrEqual(after.getTime());

    // The same range as the projection API's for the same view (cached history, same days).
    const api = parseDocumented(
      projectionResponseSchema,
      await (await callRoute(projectionGet, "/api/billing/projection?workspaceId=ws_acme", { as: ACCOUNTS.admin })).json(),
    );
    expect(
      estimates.map((r) => [r.product_area, r.quantity_p10, r.quantity, r.quantity_p90, r.amount_p10, r.amount, r.amount_p90]),
    ).toEqual(
      api.areas.map((a) => [
        a.productArea,
        a.projectedQuantityP10,
        a.projectedQuantity,
        a.projectedQuantityP90,
        a.projectedAmountP10,
        a.projectedAmount,
        a.projectedAmountP90,
      ]),
    );
    const [usd] = api.totals;
    expect(total).toMatchObject({
      currency: "USD",
      quantity_p10: "",
      quantity_p90: "",
      amount_p10: usd!.projectedAmountP10,
      amount: usd!.projectedAmount,
      amount_p90: usd!.projectedAmountP90,
    });
    const sum = (column: string) => estimates.reduce((a, r) => a.plus(r[column]!), new Exact(0)).toFixed(2);
    expect([total!.amount_p10, total!.amount_p90]).toEqual([sum("amount_p10"), sum("amount_p90")]);
    expect(new Exact(total!.amount_p10!).lessThanOrEqualTo(total!.amount!)).toBe(true);
    expect(new Exact(total!.amount!).lessThanOrEqualTo(total!.amount_p90!)).toBe(true);
  });
});
