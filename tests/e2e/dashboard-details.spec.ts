import { expect, test, type Locator, type Page } from "@playwright/test";
import { compareDecimals } from "../../lib/format/decimal-format";
import { expectNoSeriousA11yViolations, screenshot, signIn } from "./support";

// Details of the dashboard: money sorted per currency, one currency order, combined views named
// and described in full, estimates rounded, tables that fit (or say they scroll), focus kept.

const SYMBOLS: Record<string, string> = { "€": "EUR", $: "USD" };

/** "€4.46 · $8.22", or one a line (en-US, the combined view's locale), as currencies and exact amounts. */
function amountsIn(text: string): { currency: string; amount: string }[] {
  return text
    .split(/·|\n/)
    .map((part) => part.trim())
    .filter((part) => part !== "—" && part !== "")
    .map((part) => ({ currency: SYMBOLS[part.replace(/[\d.,\s-]/g, "")] ?? part, amount: part.replace(/[^\d.]/g, "") }));
}

async function costCells(region: Locator): Promise<{ currency: string; amount: string }[][]> {
  return (await region.locator("tbody tr [data-cost]").allInnerTexts()).map(amountsIn);
}

/** The region's table fits its box: nothing cut off at the right. */
async function overflowOf(region: Locator): Promise<number> {
  return region
    .locator(".table-scroll")
    .first()
    .evaluate((box) => box.scrollWidth - box.clientWidth);
}

const views = [
  { who: "admin@example.com", workspaces: "acme,globex", names: ["Acme Corp", "Globex"] },
  { who: "support@example.com", workspaces: "acme,globex,initech", names: ["Acme Corp", "Globex", "Initech"] },
];

for (const view of views) {
  test(`the combined view of ${view.workspaces} is named for what it combines, sorts money per currency, and fits or says it scrolls @mobile`, async ({
    page,
  }, testInfo) => {
    test.slow(); // two screens of checks, then axe on the longest page there is
    await signIn(page, view.who);
    await page.goto(`/w/acme/billing?workspaces=${view.workspaces}`);
    const heading = `Usage · ${view.names.length} workspaces combined`;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page).toHaveTitle(new RegExp(`^${heading}`));
    const byWorkspace = page.getByRole("region", { name: "By workspace", exact: true });
    await expect(byWorkspace.locator("tbody tr").first()).toBeVisible({ timeout: 20_000 });

    // Every workspace of the view is in the period note when their periods differ, none left out.
    const spread = page.getByTestId("period-spread");
    if (await spread.count()) for (const name of view.names) await expect(spread).toContainText(name);

    // One currency order in every cell that shows several: by currency code, EUR before USD.
    const byArea = page.getByRole("region", { name: "By product area", exact: true });
    const cells = [...(await costCells(byArea)), ...(await costCells(byWorkspace))];
    for (const amounts of cells) {
      expect(amounts.map((a) => a.currency)).toEqual(amounts.map((a) => a.currency).sort());
    }

    // Sorting by cost compares amounts of one currency, named in the header; rows without it last.
    await byWorkspace.getByRole("button", { name: "Sort Cost by EUR amount" }).click();
    await expect(byWorkspace.getByRole("columnheader", { name: /Cost/ })).toHaveAttribute("aria-sort", "descending");
    await expect(byWorkspace.getByRole("columnheader", { name: /Cost/ })).toContainText("(by EUR)");
    const sorted = (await costCells(byWorkspace)).map((amounts) => amounts.find((a) => a.currency === "EUR")?.amount ?? null);
    const withEur = sorted.filter((amount): amount is string => amount !== null);
    expect(withEur.length).toBeGreaterThan(0);
    expect(sorted.slice(0, withEur.length)).toEqual(withEur); // the rows without EUR come after
    expect(withEur).toEqual([...withEur].sort((a, b) => compareDecimals(b, a)));

    // Projected quantities no finer than the figures they extend (tokens in whole tokens).
    for (const text of await byArea.locator("[data-projected]").allInnerTexts()) {
      expect(text.split("\n")[0]).not.toMatch(/\.\d{3}/);
      expect(text.split("\n")[0]).toMatch(/^[\d,]+(\.\d{1,2})? /);
    }

    if (testInfo.project.name === "desktop") {
      // At 1280 px every column of the breakdowns is in view, "vs last period" included.
      expect(await overflowOf(byArea)).toBeLessThanOrEqual(0);
      expect(await overflowOf(byWorkspace)).toBeLessThanOrEqual(0);
      await expect(page.getByTestId("scroll-hint")).toHaveCount(0);
    } else {
      // At 390 px a table that does not fit says so, and its box scrolls from the keyboard.
      const box = byArea.getByRole("region", { name: "Usage by product area" });
      if ((await overflowOf(byArea)) > 0) {
        await expect(byArea.getByTestId("scroll-hint")).toBeVisible();
        await box.focus();
        await page.keyboard.press("ArrowRight");
        await expect.poll(() => box.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
      }
    }
    await screenshot(page, testInfo, `combined-${view.workspaces.replaceAll(",", "-")}`);
    await expectNoSeriousA11yViolations(page);
  });
}

test("Show as table lists the projected days too, marked as projected", async ({ page }, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.getByTestId("projected-invoice")).toBeVisible({ timeout: 20_000 });
  const projection = await (await page.request.get("/api/billing/projection?workspaceId=ws_acme")).json();
  await page.getByRole("button", { name: "Show as table" }).click();
  const table = page.getByTestId("chart-table");
  const keys = await table
    .getByTestId("chart-table-totals")
    .locator("td[data-area]")
    .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-area")));
  const recorded = await table
    .locator("tbody tr:not([data-testid=chart-table-projected]) th[data-date]")
    .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-date") ?? ""));
  const last = recorded.at(-1) ?? "";
  // The forecast's days after the last recorded one, derived from what the API says today.
  const expected = [
    ...new Set(
      (projection.forecast as { date: string; productArea: string }[])
        .filter((f) => f.date > last && keys.includes(f.productArea))
        .map((f) => f.date),
    ),
  ].sort();
  const rows = table.getByTestId("chart-table-projected");
  await expect(rows).toHaveCount(expected.length);
  if (expected.length) {
    await expect(rows.first().locator("th")).toContainText("(projected)");
    expect(await rows.locator("th").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-date")))).toEqual(expected);
  }
  await screenshot(page, testInfo, "chart-table-projected");
});

test("a comparison of periods of different lengths says how many days each has", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing?period=previous");
  const api = await (await page.request.get("/api/billing/usage?workspaceId=ws_acme&period=previous&compare=previous")).json();
  const note = page.getByTestId("comparison-note");
  await expect(note).toBeVisible({ timeout: 20_000 });
  if (!api.comparison?.available) return;
  const [window] = api.comparison.windows as { current: { from: string; to: string }; previous: { from: string; to: string } }[];
  const days = (w: { from: string; to: string }) => (Date.parse(w.to) - Date.parse(w.from)) / 86_400_000 + 1;
  const [now, before] = [days(window!.current), days(window!.previous)];
  if (now === before) await expect(note).not.toContainText("days)");
  else {
    await expect(note).toContainText(`(${now} days) against`);
    await expect(note).toContainText(`(${before} days)`);
    await expect(note).toContainText("compares the totals");
  }
});

async function exportFromKeyboard(page: Page) {
  const button = page.getByRole("button", { name: "Export CSV" });
  await button.focus();
  const download = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  await download;
  return button;
}

test("focus stays on Export CSV while it runs and after, and the outcome is announced @mobile", async ({ page }, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.getByRole("region", { name: "By product area", exact: true })).toBeVisible({ timeout: 20_000 });
  const button = await exportFromKeyboard(page);
  const status = page.locator("#export-status");
  await expect(status).toHaveAttribute("role", "status");
  await expect(status).toContainText(/Saved .+\.csv \([\d,]+ day rows\)/);
  await expect(button).toBeFocused();
  await expect(button).toHaveAccessibleDescription(/Saved .+\.csv/);
  await screenshot(page, testInfo, "export-focus");
});

test("an anomaly band stays inside the plot, clear of the y-axis labels", async ({ page }, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible({ timeout: 20_000 });
  const chart = page.getByTestId("usage-chart");
  await chart.screenshot({ path: `test-results/screenshots/${testInfo.project.name}-chart-bands.png` });
  // The right edge of the widest y-axis label: a band must start to the right of it.
  const labelsEnd = Math.max(
    ...(await chart
      .locator(".recharts-yAxis .recharts-cartesian-axis-tick-value")
      .evaluateAll((labels) => labels.map((label) => label.getBoundingClientRect().right))),
  );
  for (const band of await chart.locator(".chart-flag").all()) {
    const box = await band.boundingBox();
    if (box) expect(box.x).toBeGreaterThan(labelsEnd);
  }
});
