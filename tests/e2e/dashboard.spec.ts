import { expect, test, type Page } from "@playwright/test";
import { dateFormat } from "../../lib/format/dates";
import { compareDecimals, formatExact } from "../../lib/format/decimal-format";
import { formatMoney } from "../../lib/format/money-format";
import { expectNoSeriousA11yViolations, screenshot, signIn } from "./support";

interface Total {
  productArea: string;
  unit: string;
  quantity: string;
}

/**
 * A previous period closes at its end plus the 48-hour grace: by the 4th (UTC) of a month it has,
 * for every demo workspace whose period starts on the 1st. Before that it may still be open.
 */
const previousClosedSurely = () => new Date().getUTCDate() >= 4;
const previousPeriodStatus = () => (previousClosedSurely() ? "Closed period" : /(Open|Closed) period/);
const previousQuantityColumn = () => (previousClosedSurely() ? /Period total/ : /Period total|Usage to date/);

async function apiTotals(page: Page, query: string): Promise<Total[]> {
  const response = await page.request.get(`/api/billing/usage?${query}`);
  expect(response.status()).toBe(200);
  return (await response.json()).totals;
}

async function tableFigures(page: Page): Promise<Record<string, string>> {
  const table = page.getByRole("region", { name: "By product area", exact: true }).getByRole("table");
  await expect(table).toBeVisible();
  const rows = await table.locator("tbody tr").all();
  const figures: Record<string, string> = {};
  for (const row of rows) {
    // The unit has a column of its own on wide screens and follows the figure on narrow ones.
    const name = await row.locator("td").nth(0).innerText();
    const unit = (await row.locator("td").nth(1).textContent()) ?? "";
    figures[`${name}|${unit}`] = await row.locator("[data-figure]").innerText();
  }
  return figures;
}

test("an admin sees the current period with figures equal to the API's, then switches period and filter @mobile", async ({
  page,
}, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.getByRole("heading", { name: "Usage · Acme Corp" })).toBeVisible();
  await expect(page.getByTestId("freshness")).toContainText("Data complete through");

  const current = await apiTotals(page, "workspaceId=ws_acme&period=current");
  expect(current).toHaveLength(12);
  const shown = await tableFigures(page);
  expect(Object.values(shown).sort()).toEqual(current.map((t) => formatExact(t.quantity)).sort());
  await expect(page.getByRole("list", { name: "Usage to date by product area" }).getByRole("listitem")).toHaveCount(12);
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await screenshot(page, testInfo, "dashboard-acme-current");
  // The README shows the product as it is: this run's dashboard, at the width most people use.
  if (testInfo.project.name === "desktop") await page.screenshot({ path: "docs/images/dashboard.png" });

  await page.getByLabel("Billing period").selectOption("previous");
  await expect(page).toHaveURL(/period=previous/);
  await expect(page.getByTestId("freshness")).toContainText(previousPeriodStatus());
  const previous = await apiTotals(page, "workspaceId=ws_acme&period=previous");
  await expect
    .poll(async () => Object.values(await tableFigures(page)).sort())
    .toEqual(previous.map((t) => formatExact(t.quantity)).sort());

  await page.locator("summary", { hasText: "Product areas" }).click();
  await page.getByRole("checkbox", { name: "Compute (vCPU-hours)" }).check();
  await expect(page).toHaveURL(/areas=compute/);
  await expect(page.getByRole("list", { name: "Usage to date by product area" }).getByRole("listitem")).toHaveCount(1);
  const compute = await apiTotals(page, "workspaceId=ws_acme&period=previous&productArea=compute");
  await expect(page.getByTestId("headline-compute")).toContainText("vCPU-hours");
  expect(Object.values(await tableFigures(page))).toEqual([formatExact(compute[0]!.quantity)]);
  await screenshot(page, testInfo, "dashboard-acme-previous-compute");

  // The view is in the URL: reloading (or sharing the link) shows the same thing.
  await page.reload();
  await expect(page.getByLabel("Billing period")).toHaveValue("previous");
  await expect(page.getByRole("list", { name: "Usage to date by product area" }).getByRole("listitem")).toHaveCount(1);
});

test("a period the URL names is the one the selector shows; one that has not begun shows the current period, and says so", async ({
  page,
}, testInfo) => {
  await signIn(page, "finance@example.com");
  const old = new Date();
  old.setUTCMonth(old.getUTCMonth() - 14);
  const month = old.toISOString().slice(0, 7);
  await page.goto(`/w/acme/billing?period=${month}`);
  await expect(page.getByLabel("Billing period")).toHaveValue(month);
  const lastDay = new Date(Date.UTC(old.getUTCFullYear(), old.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  await expect(page.getByTestId("freshness")).toContainText(`Closed period ${dateFormat("en-US").dayRange(`${month}-01`, lastDay)}`);
  await expect(page.getByTestId("finality")).toContainText("Final since");

  const future = new Date();
  future.setUTCMonth(future.getUTCMonth() + 4);
  await page.goto(`/w/acme/billing?period=${future.toISOString().slice(0, 7)}`);
  await expect(page.getByRole("status").filter({ hasText: "has not begun yet" })).toBeVisible();
  await expect(page.getByLabel("Billing period")).toHaveValue("current");
  await expect(page).toHaveURL(/\/w\/acme\/billing$/);
  await screenshot(page, testInfo, "dashboard-future-period-notice");
  await page.getByLabel("Billing period").selectOption("previous");
  await expect(page.getByText("has not begun yet")).toHaveCount(0);
});

/** This test's own request id, kept on its audit rows apart from the server's: other tests read initech too. */
const FIRST_VIEW_TAG = `e2e-first-view-${Date.now()}`;

/** billing.usage.viewed rows for initech made by this test's requests. */
async function initechUsageViews(page: Page): Promise<number> {
  const response = await page.request.get("/api/audit-events?workspaceId=ws_initech&action=billing.usage.viewed&limit=200");
  expect(response.status()).toBe(200);
  return (await response.json()).events.filter((e: { clientRequestId: string | null }) => e.clientRequestId === FIRST_VIEW_TAG).length;
}

test("the first view's figures come with the page, not from a request after hydration", async ({ page }) => {
  await signIn(page, "owner@initech.example.com");
  // Away from the landing dashboard first: a refetch it starts must not count as this test's.
  await page.goto("about:blank");
  await page.context().setExtraHTTPHeaders({ "x-request-id": FIRST_VIEW_TAG });
  const reportRequests: string[] = [];
  const pageRenders: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/api/billing/usage" && url.searchParams.get("groupBy") === "day,productArea") reportRequests.push(url.search);
    if (url.pathname === "/w/initech/billing" && !request.headers()["next-router-prefetch"]) pageRenders.push(url.search);
  });
  // Link prefetches of the dashboard (the workspace list links to it) read and audit nothing.
  const viewsBefore = await initechUsageViews(page);
  // The workspace's page links to its dashboard.
  await page.goto("/w/initech");
  await page.waitForLoadState("networkidle");
  expect(await initechUsageViews(page)).toBe(viewsBefore);

  const html = await (await page.request.get("/w/initech/billing?period=previous")).text();
  const previous = await apiTotals(page, "workspaceId=ws_initech&period=previous");
  expect(previous.length).toBeGreaterThan(0);
  // Every product area's exact figure is already in the server's HTML, and that read was audited.
  for (const total of previous) expect(html).toContain(formatExact(total.quantity));
  expect(await initechUsageViews(page)).toBe(viewsBefore + 2); // the page's read and apiTotals'

  await page.goto("/w/initech/billing?period=previous");
  await expect(page.getByTestId("freshness")).toContainText(previousPeriodStatus());
  expect(Object.values(await tableFigures(page)).sort()).toEqual(previous.map((t) => formatExact(t.quantity)).sort());
  expect(reportRequests).toEqual([]);

  // Changing the view asks the API once, and only the API: the page is not rendered again.
  await page.getByLabel("Billing period").selectOption("current");
  await expect(page).not.toHaveURL(/period=/);
  await expect.poll(() => reportRequests.length).toBe(1);
  await expect(page.getByTestId("freshness")).toContainText("Data complete through");
  await page.waitForLoadState("networkidle");
  expect(pageRenders).toEqual(["?period=previous"]);
});

test("a first report read in time comes with the frame, not in a boundary streamed after it", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing"); // the report is cached from here on: it is read in milliseconds
  await expect(page.getByTestId("headline-compute")).toBeVisible();
  const html = await (await page.request.get("/w/acme/billing")).text();
  // React streams a late boundary as a hidden <div id="S:…"> after the frame and reveals it at
  // least 300 ms after the first paint; the figures must be in the frame itself, before any of
  // those, and no skeleton stands in for them.
  const figures = html.indexOf('data-testid="headline-compute"');
  const streamed = html.search(/<div hidden id="S:\d+"/);
  expect(figures).toBeGreaterThan(0);
  expect(streamed === -1 || figures < streamed).toBe(true);
  expect(html).not.toContain("Loading usage…");
});

test("the multi-workspace view breaks usage down by workspace", async ({ page }, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing?workspaces=acme,globex");
  const byWorkspace = page.getByRole("region", { name: "By workspace", exact: true });
  await expect(byWorkspace).toBeVisible();
  await expect(byWorkspace.locator("tbody tr")).toHaveCount(12 + 6);
  await expect(page.getByTestId("comparison-note")).toHaveText(/each is compared on its own days|Too early to compare/);
  // Acme's periods start on the 1st, Globex's on the 15th: the page says which days each counts.
  await expect(page.getByTestId("period-spread")).toContainText("Acme Corp");
  await expect(page.getByTestId("period-spread")).toContainText("Globex");
  await screenshot(page, testInfo, "dashboard-multi-workspace");
});

/** The chart's own figures, from its table view: per product area, the sum of the days it stacks. */
async function chartTotals(page: Page): Promise<{ totals: Record<string, string>; firstDay: string }> {
  await page.getByRole("button", { name: "Show as table" }).click();
  const tabs = page
    .getByRole("group", { name: "Unit shown in the chart" })
    .getByRole("button")
    .filter({ hasNotText: /Show (chart|as table)/ });
  const totals: Record<string, string> = {};
  let firstDay = "";
  for (const tab of await tabs.all()) {
    await tab.click();
    await expect(tab).toHaveAttribute("aria-pressed", "true");
    const table = page.getByTestId("chart-table");
    firstDay = (await table.locator("tbody tr th").first().getAttribute("data-date")) ?? "";
    for (const cell of await table.getByTestId("chart-table-totals").locator("td[data-area]").all()) {
      totals[(await cell.getAttribute("data-area"))!] = (await cell.innerText()).trim();
    }
  }
  return { totals, firstDay };
}

for (const view of [
  { who: "admin@example.com", workspaces: "acme,globex", ids: "ws_acme,ws_globex", period: "previous" },
  { who: "support@example.com", workspaces: "acme,globex,initech", ids: "ws_acme,ws_globex,ws_initech", period: "current" },
]) {
  test(`the combined chart of ${view.workspaces} (${view.period} period) stacks exactly the totals shown beside it`, async ({
    page,
  }, testInfo) => {
    await signIn(page, view.who);
    await page.goto(`/w/acme/billing?workspaces=${view.workspaces}${view.period === "current" ? "" : `&period=${view.period}`}`);
    const response = await page.request.get(`/api/billing/usage?workspaceId=${view.ids}&period=${view.period}`);
    const api = await response.json();
    const { totals, firstDay } = await chartTotals(page);
    const expected = Object.fromEntries((api.totals as Total[]).map((t) => [t.productArea, formatExact(t.quantity)]));
    expect(totals).toEqual(expected);
    expect(Object.values(await tableFigures(page)).sort()).toEqual(Object.values(expected).sort());
    // The chart starts on the earliest first day among the workspaces' periods (Globex's, on the 15th).
    const starts = (api.workspaces as { period: { start: string } }[]).map((w) => w.period.start).sort();
    expect(firstDay).toBe(starts[0]);
    await screenshot(page, testInfo, `chart-table-${view.workspaces.replaceAll(",", "-")}`);
  });
}

test("the dashboard is usable with the keyboard alone", async ({ page }) => {
  await signIn(page, "finance@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.getByRole("region", { name: "By product area", exact: true })).toBeVisible();
  await page.getByLabel("Billing period").focus();
  await page.keyboard.press("ArrowDown");
  await expect(page).toHaveURL(/period=previous/);
  // A closed period's column is its total.
  const sortByUsage = page.getByRole("button", { name: previousQuantityColumn() });
  await sortByUsage.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("columnheader", { name: previousQuantityColumn() })).toHaveAttribute("aria-sort", "descending");
  // Ordered by the exact figures, largest first.
  const shown = await page.getByRole("region", { name: "By product area", exact: true }).locator("tbody tr [data-figure]").allInnerTexts();
  const figures = shown.map((text) => text.replaceAll(",", ""));
  expect(figures.length).toBeGreaterThan(1);
  expect(figures).toEqual([...figures].sort((a, b) => compareDecimals(b, a)));

  // The product-area popover opens from the keyboard, and Escape closes it back onto its summary.
  const summary = page.locator("summary", { hasText: "Product areas" });
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("checkbox", { name: "Compute (vCPU-hours)" })).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("checkbox", { name: "Compute (vCPU-hours)" })).toBeHidden();
  await expect(summary).toBeFocused();
  // A click elsewhere closes it too.
  await summary.click();
  await expect(page.getByRole("checkbox", { name: "Compute (vCPU-hours)" })).toBeVisible();
  await page.getByRole("heading", { name: "Usage · Acme Corp" }).click();
  await expect(page.getByRole("checkbox", { name: "Compute (vCPU-hours)" })).toBeHidden();
});

test("a member gets a clear no-access page, and 403 from the API", async ({ page }, testInfo) => {
  await signIn(page, "member@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.getByRole("heading", { name: "No access to billing data" })).toBeVisible();
  await expect(page.getByText("does not include usage and billing figures")).toBeVisible();
  const response = await page.request.get("/api/billing/usage?workspaceId=ws_acme");
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("forbidden");
  await screenshot(page, testInfo, "dashboard-member-no-access");
});

test("pages have no serious or critical accessibility violations", async ({ page }) => {
  test.slow(); // axe over four pages, two of them the longest dashboards there are
  await page.goto("/signin");
  await expectNoSeriousA11yViolations(page);
  await signIn(page, "admin@example.com");
  await expectNoSeriousA11yViolations(page);
  await page.goto("/w/acme/billing");
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.goto("/w/acme/billing?workspaces=acme,globex");
  await expect(page.getByRole("region", { name: "By workspace", exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("an address with no page shows a not-found page in the app's frame, with a way back", async ({ page }, testInfo) => {
  const signedOut = await page.goto("/w/acme/no-such-page");
  expect(signedOut?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("Page not found");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await signIn(page, "admin@example.com");
  const signedIn = await page.goto("/w/acme/no-such-page");
  expect(signedIn?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible(); // the app's top bar
  await page.getByRole("link", { name: "Go to your workspaces" }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await screenshot(page, testInfo, "not-found");
});

test("exact figures and the product-area filter work from the keyboard; titles name the workspace @mobile", async ({ page }) => {
  await signIn(page, "finance@example.com");
  await page.goto("/w/acme/billing?areas=compute,gpu");
  await expect(page).toHaveTitle("Usage · Acme Corp · Usage & billing");
  // The headline's exact value, by keyboard (and so by touch): no hover needed.
  const api = await apiTotals(page, "workspaceId=ws_acme&period=current&productArea=compute,gpu");
  const compute = api.find((t) => t.productArea === "compute")!;
  const figure = page.getByTestId("headline-compute").getByRole("button");
  await figure.focus();
  await page.keyboard.press("Enter");
  await expect(figure).toHaveAttribute("aria-expanded", "true");
  await expect(figure).toContainText(formatExact(compute.quantity));

  // "Show all product areas" keeps focus in the popover, and Escape still closes it.
  const summary = page.locator("summary", { hasText: "Product areas" });
  await summary.focus();
  await page.keyboard.press("Enter");
  const showAll = page.getByRole("button", { name: "Show all product areas" });
  await showAll.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("checkbox").first()).toBeFocused();
  await expect(showAll).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("checkbox", { name: "Compute (vCPU-hours)" })).toBeHidden();
  await expect(summary).toBeFocused();
});

test("the workspace list offers the combined view of all the workspaces it names", async ({ page }) => {
  await signIn(page, "support@example.com");
  await page.getByRole("link", { name: "Usage of all 3 workspaces combined" }).click();
  await expect(page).toHaveURL(/\/w\/acme\/billing\?workspaces=acme(%2C|,)globex(%2C|,)initech$/);
  await expect(page.getByRole("region", { name: "By workspace", exact: true })).toBeVisible();
  await expect(page.locator("summary", { hasText: "3 workspaces combined" })).toBeVisible();
});

test("the switcher's “All workspaces” opens their usage combined, and shows it chosen", async ({ page }) => {
  await signIn(page, "support@example.com");
  await page.goto("/w/globex/billing");
  const switcher = page.getByRole("combobox", { name: "Switch workspace" });
  await switcher.selectOption({ label: "All 3 workspaces combined" });
  await expect(page).toHaveURL(/\/w\/acme\/billing\?workspaces=acme(%2C|,)globex(%2C|,)initech$/);
  await expect(page.getByRole("region", { name: "By workspace", exact: true })).toBeVisible();
  await expect(switcher.locator("option:checked")).toHaveText("All 3 workspaces combined");
  await switcher.selectOption({ label: "All workspaces (list)" });
  await expect(page).toHaveURL(/\/workspaces$/);
});

test("dates read the way each workspace's locale writes them", async ({ page }) => {
  await signIn(page, "support@example.com");
  for (const { slug, id, locale } of [
    { slug: "globex", id: "ws_globex", locale: "en-GB" },
    { slug: "initech", id: "ws_initech", locale: "ja-JP" },
  ]) {
    await page.goto(`/w/${slug}/billing?period=previous`);
    const { period } = await (await page.request.get(`/api/billing/usage?workspaceId=${id}&period=previous`)).json();
    const range = dateFormat(locale).dayRange(period.start, period.end);
    await expect(page.getByTestId("freshness")).toContainText(range);
    await expect(page.getByLabel("Billing period").locator("option:checked")).toContainText(range);
  }
});

test("an open period shows its projected invoice: an estimate, with its range and past accuracy, as the API gives it @mobile", async ({
  page,
}, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  const card = page.getByTestId("projected-invoice");
  await expect(card).toContainText("An estimate, not a charge");
  const api = await (await page.request.get("/api/billing/projection?workspaceId=ws_acme&period=current")).json();
  const usd = (api.totals as { currency: string; projectedAmount: string; projectedAmountP10: string; projectedAmountP90: string }[]).find(
    (t) => t.currency === "USD",
  )!;
  await expect(card.getByTestId("projected-USD")).toHaveText(formatMoney(usd.projectedAmount, "USD"));
  await expect(card).toContainText(
    `likely between ${formatMoney(usd.projectedAmountP10, "USD")} and ${formatMoney(usd.projectedAmountP90, "USD")}`,
  );
  // How far off projections were at this day of earlier periods, beside a straight line's error over the same periods.
  const accuracy = card.getByTestId("projection-accuracy");
  if (api.accuracy) {
    const { periods, daysSeen, meanAbsolutePercentageError: method, straightLineMeanAbsolutePercentageError: line } = api.accuracy;
    await expect(accuracy).toContainText(`At day ${daysSeen + 1} of the last ${periods === 1 ? "period" : `${periods} periods`}`);
    await expect(accuracy).toContainText(`projections were off by ${(method * 100).toFixed(1)} %`);
    if (line !== null) await expect(accuracy).toContainText(`a straight line was off by ${(line * 100).toFixed(1)} %`);
  } else {
    await expect(accuracy).toContainText("No earlier period");
  }
  // The whole invoice: no filter, so the card names no areas.
  await expect(card.getByTestId("projection-areas")).toHaveCount(0);
  // The chart continues the period as a dashed projected path over a shaded range.
  const chart = page.getByTestId("usage-chart");
  await expect(chart.locator('path[stroke-dasharray="6 4"]')).toHaveCount(1);
  await expect(chart).toContainText("Projected (estimate)");
  await expect(chart).toContainText("Likely range (P10–P90)");
  await screenshot(page, testInfo, "dashboard-projection");
  // An ended period has nothing left to project: its cost card shows its usage at its prices.
  await page.getByLabel("Billing period").selectOption({ index: 2 });
  await expect(page.getByTestId("freshness")).toContainText("Closed period");
  await expect(page.getByTestId("cost-total")).toContainText("Period cost");
  await expect(card).toHaveCount(0);
});

test("a filtered view's projected invoice projects those areas alone and names them, and fits at 390 px @mobile", async ({
  page,
}, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing?areas=realtime,builds");
  const card = page.getByTestId("projected-invoice");
  await expect(card).toContainText("An estimate, not a charge", { timeout: 20_000 });
  // Display names in the page's order (by name), whatever order the URL gave the areas in.
  await expect(card.getByTestId("projection-areas")).toHaveText("Builds and Realtime only");
  await expect(card).toHaveAccessibleName("Projected invoice Builds and Realtime only");
  const totalOf = async (query: string) => {
    const body = await (await page.request.get(`/api/billing/projection?workspaceId=ws_acme${query}`)).json();
    return (body.totals as { currency: string; projectedAmount: string }[]).find((t) => t.currency === "USD")!.projectedAmount;
  };
  const filtered = await totalOf("&productArea=builds,realtime");
  await expect(card.getByTestId("projected-USD")).toHaveText(formatMoney(filtered, "USD"));
  expect(compareDecimals(filtered, await totalOf(""))).toBeLessThan(0); // a part of the invoice, not all of it
  await expect(card.getByTestId("projection-accuracy")).toContainText(/^(At day \d+ of the last|No earlier period)/);
  // Nothing wider than the screen, the card included.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const box = (await card.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `test-results/screenshots/${testInfo.project.name}-projection-filtered-card.png` });
  await screenshot(page, testInfo, "dashboard-projection-filtered");
});
