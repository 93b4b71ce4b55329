import { expect, test, type Page } from "@playwright/test";
import { formatMoney } from "../../lib/format/money-format";
import { addDays, calendarDateIn } from "../../lib/periods/calendar-date";
import { fromScaled, toScaled, trimDecimal } from "../../lib/usage/decimal";
import { expectNoSeriousA11yViolations, screenshot, signIn } from "./support";

// Money on the dashboard's chart: the Usage / Cost switch, the cost stacked by area whose sum is
// the cost card's, the running total with the budget, any date range kept in the URL, weeks and
// months for long ranges, and the cost compared with last period's.

interface Money {
  currency: string;
  amount: string;
}

/** The stacked sum of the cost table's buckets, exact, and its footer's total. */
async function costTableSums(page: Page): Promise<{ currency: string; stacked: string; footer: string }> {
  const table = page.getByTestId("cost-table");
  await expect(table).toBeVisible();
  const cells = await table
    .locator("tbody td[data-bucket-total]")
    .evaluateAll((tds) => tds.map((td) => td.getAttribute("data-bucket-total")!));
  const stacked = fromScaled(cells.reduce((sum, amount) => sum + toScaled(amount), 0n));
  return {
    currency: (await table.getAttribute("data-currency"))!,
    stacked,
    footer: (await table.getByTestId("cost-table-total").getAttribute("data-amount"))!,
  };
}

/** The page fits its width: nothing to scroll sideways (tables scroll in their own boxes). */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("an admin switches the chart to cost by keyboard: its stacked sum is the cost card, with the running total, the budget and money comparisons @mobile", async ({
  page,
}, testInfo) => {
  test.slow(); // a budget set and removed, two views and axe
  await signIn(page, "admin@example.com");
  const api = await (await page.request.get("/api/billing/usage?workspaceId=ws_acme&period=current&compare=previous")).json();
  const projection = await (await page.request.get("/api/billing/projection?workspaceId=ws_acme")).json();
  const usd = (api.cost.totals as Money[]).find((t) => t.currency === "USD")!;
  // A budget well above the projection: drawn on the chart, and no flag raised for the other specs.
  const projected = (projection.totals as { currency: string; projectedAmount: string }[]).find((t) => t.currency === "USD");
  const budget = String(Math.ceil(Number(projected?.projectedAmount ?? usd.amount) * 3) + 100);
  expect(
    (await page.request.put("/api/billing/budget?workspaceId=ws_acme", { data: { amount: budget, thresholds: [100] } })).status(),
  ).toBe(200);
  try {
    await page.goto("/w/acme/billing");
    const chart = page.getByTestId("usage-chart");
    await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible({ timeout: 20_000 });

    const costButton = chart.getByRole("group", { name: "The chart shows" }).getByRole("button", { name: "Cost", exact: true });
    await costButton.focus();
    await page.keyboard.press("Space");
    await expect(page).toHaveURL(/show=cost/);
    await expect(costButton).toHaveAttribute("aria-pressed", "true");
    await expect(costButton).toBeFocused();
    await expect(chart.getByRole("heading", { level: 2 })).toHaveText("Cost by product area, per day");
    await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(chart.locator(".chart-cumulative").first()).toBeAttached();
    await expect(chart.locator(".chart-budget").first()).toBeAttached();
    await expect(chart).toContainText(`Budget ${formatMoney(budget, "USD", "en-US")}`);

    // Comparisons in money: the cost card against last period's, the projection against last invoice.
    const costCard = page.getByTestId("cost-total");
    await expect(page.getByTestId("cost-total-value")).toHaveText(formatMoney(usd.amount, "USD", "en-US"));
    if (api.comparison?.available) {
      const compared = (api.comparison.costTotals as { currency: string; current: string; previous: string }[]).find(
        (c) => c.currency === "USD",
      )!;
      await expect(costCard.getByTestId("cost-change")).toContainText("vs last period");
      await expect(costCard.getByTestId("cost-change")).toContainText(formatMoney(compared.previous, "USD", "en-US"));
    }
    if (projection.previousInvoice) {
      await expect(page.getByTestId("previous-invoice")).toContainText(
        formatMoney(projection.previousInvoice.amount, projection.previousInvoice.currency, "en-US"),
      );
    }
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, "money-chart-cost");

    // The chart's table view: its buckets stack up to the cost card, exactly.
    const asTable = chart.getByRole("button", { name: "Show as table" });
    await asTable.focus();
    await page.keyboard.press("Enter");
    const sums = await costTableSums(page);
    expect(sums).toEqual({ currency: "USD", stacked: trimDecimal(usd.amount), footer: trimDecimal(usd.amount) });
    await expect(page.getByTestId("cost-table-budget")).toContainText(formatMoney(budget, "USD", "en-US"));
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, "money-chart-cost-table");
    await expectNoSeriousA11yViolations(page);
  } finally {
    await page.request.delete("/api/billing/budget?workspaceId=ws_acme");
  }
});

test("any date range from the picker lands in the URL, is drawn per week, then per month, and a reload shows the same view @mobile", async ({
  page,
}, testInfo) => {
  test.slow();
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.getByTestId("usage-chart")).toBeVisible({ timeout: 20_000 });
  const today = calendarDateIn(new Date(), "America/New_York");
  const [from, to] = [addDays(today, -100), addDays(today, -1)];

  await page.getByLabel("Billing period").selectOption("range");
  const picker = page.getByTestId("range-picker");
  await picker.getByLabel("From").fill(from);
  await picker.getByLabel("To").fill(to);
  await picker.getByLabel("To").press("Enter");
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}`));
  const chart = page.getByTestId("usage-chart");
  await expect(chart.getByRole("heading", { level: 2 })).toHaveText("Usage by product area, per week");
  // The page speaks of the range, not of a billing period.
  await expect(page.getByTestId("freshness")).toContainText("Date range");
  await expect(page.getByTestId("freshness")).not.toContainText(/Open period|Closed period/);
  await expect(page.locator("th", { hasText: "Usage in range" }).first()).toBeAttached();

  const api = await (await page.request.get(`/api/billing/usage?workspaceId=ws_acme&from=${from}&to=${to}&granularity=week`)).json();
  expect(api.granularity).toBe("week");
  const usd = (api.cost.totals as Money[]).find((t) => t.currency === "USD")!;
  await expect(page.getByTestId("cost-total-value")).toHaveText(formatMoney(usd.amount, "USD", "en-US"));

  await chart.getByRole("button", { name: "Cost", exact: true }).click();
  await chart.getByRole("button", { name: "Show as table" }).click();
  const weeks = new Set((api.daily as { date: string }[]).map((r) => r.date));
  await expect(page.getByTestId("cost-table").locator("thead th").first()).toHaveText("Week");
  const rows = await page
    .getByTestId("cost-table")
    .locator("tbody th[data-date]")
    .evaluateAll((ths) => ths.map((th) => th.getAttribute("data-date")));
  for (const week of weeks) expect(rows).toContain(week);
  const weekly = await costTableSums(page);
  expect(weekly.stacked).toBe(trimDecimal(usd.amount));
  await screenshot(page, testInfo, "money-chart-range-weeks");

  await chart.getByLabel("Bars").selectOption("month");
  await expect(page).toHaveURL(/granularity=month/);
  await expect(chart.getByRole("heading", { level: 2 })).toHaveText("Cost by product area, per month");
  await expect(page.getByTestId("cost-table").locator("thead th").first()).toHaveText("Month");
  const months = await page
    .getByTestId("cost-table")
    .locator("tbody th[data-date]")
    .evaluateAll((ths) => ths.map((th) => th.getAttribute("data-date")!));
  expect(months.length).toBeGreaterThanOrEqual(4);
  expect(months.every((date) => date.endsWith("-01"))).toBe(true);
  expect((await costTableSums(page)).stacked).toBe(weekly.stacked);

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}.*granularity=month.*show=cost`));
  await expect(page.getByLabel("Billing period")).toHaveValue("range");
  await expect(page.getByTestId("range-picker").getByLabel("From")).toHaveValue(from);
  await expect(page.getByTestId("range-picker").getByLabel("To")).toHaveValue(to);
  await expect(page.getByTestId("usage-chart").getByRole("heading", { level: 2 })).toHaveText("Cost by product area, per month", {
    timeout: 20_000,
  });
  await expect(page.getByTestId("cost-total-value")).toHaveText(formatMoney(usd.amount, "USD", "en-US"));
  await expectNoSidewaysScroll(page);
  await screenshot(page, testInfo, "money-chart-range-months");
  await expectNoSeriousA11yViolations(page);
});

test("a combined view of two currencies draws one currency at a time, each summing to its own cost", async ({ page }, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing?workspaces=acme,globex&show=cost");
  const chart = page.getByTestId("usage-chart");
  await expect(chart.getByRole("heading", { level: 2 })).toHaveText("Cost by product area, per day", { timeout: 20_000 });
  const api = await (await page.request.get("/api/billing/usage?workspaceId=ws_acme,ws_globex&period=current")).json();
  await chart.getByRole("button", { name: "Show as table" }).click();
  for (const { currency, amount } of api.cost.totals as Money[]) {
    await chart.getByRole("group", { name: "Currency shown in the chart" }).getByRole("button", { name: currency }).click();
    await expect(page.getByTestId("cost-table")).toHaveAttribute("data-currency", currency);
    expect((await costTableSums(page)).stacked).toBe(trimDecimal(amount));
  }
  await screenshot(page, testInfo, "money-chart-combined");
});
