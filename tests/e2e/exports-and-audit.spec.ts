import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { formatExact } from "../../lib/format/decimal-format";
import { formatMoney } from "../../lib/format/money-format";
import { screenshot, signIn } from "./support";

test("finance exports the period from the dashboard; the file's totals match the page", async ({ page }, testInfo) => {
  await signIn(page, "finance@example.com");
  await page.goto("/w/acme/billing?period=previous");
  const table = page.getByRole("region", { name: "By product area", exact: true }).getByRole("table");
  await expect(table.locator("tbody tr")).toHaveCount(12);
  const shown = new Map<string, string>();
  const costShown = new Map<string, string>();
  for (const row of await table.locator("tbody tr").all()) {
    costShown.set(await row.locator("td").first().innerText(), await row.locator("[data-cost]").innerText());
    shown.set(await row.locator("td").first().innerText(), await row.locator("[data-figure]").innerText()); // product area name → exact usage
  }

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^usage-acme-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-all-areas-\d{8}T\d{6}Z\.csv$/);

  const text = await readFile((await download.path())!, "utf8");
  const records = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  const dayRows = records.filter((r) => r.row_type === "day").length.toLocaleString("en-US");
  // The same count right after the export as in the history: day rows.
  await expect(page.getByRole("status").filter({ hasText: /Saved usage-acme-/ })).toContainText(`(${dayRows} day rows)`);
  const totals = records.filter((r) => r.row_type === "total");
  expect(totals).toHaveLength(12);
  for (const total of totals) expect(formatExact(total.quantity!)).toBe(shown.get(total.product_area_name!));
  // Money too: each area's amount, and the period's cost, to the cent.
  for (const total of totals) expect(formatMoney(total.amount!, total.currency!)).toBe(costShown.get(total.product_area_name!));
  const [costTotal] = records.filter((r) => r.row_type === "cost_total");
  await expect(page.getByTestId("cost-total")).toContainText(formatMoney(costTotal!.amount!, costTotal!.currency!));

  const history = page.getByRole("region", { name: "Export history" });
  const latest = history.getByTestId("export-item").first();
  await expect(latest).toContainText("Finn Finance");
  await expect(latest).toContainText(`${dayRows} day rows`);
  await expect(latest).toContainText("Acme Corp · all product areas");
  await screenshot(page, testInfo, "dashboard-export-finance");

  const again = page.waitForEvent("download");
  await latest.getByRole("link", { name: /Download/ }).click();
  expect(await readFile((await (await again).path())!, "utf8")).toBe(text);

  // A filtered export names its filters, in its file name and in the history.
  await page.goto("/w/acme/billing?period=previous&areas=compute,gpu");
  const filtered = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  expect((await filtered).suggestedFilename()).toMatch(/-compute\+gpu-\d{8}T\d{6}Z\.csv$/);
  await expect(history.getByTestId("export-item").first()).toContainText("Acme Corp · Compute, GPU");
  await expect(history.getByTestId("export-item").nth(1)).toContainText("all product areas");
});

test("a member sees no export button and gets 403 from the export URL", async ({ page }) => {
  await signIn(page, "member@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.getByRole("heading", { name: "No access to billing data" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Export CSV" })).toHaveCount(0);
  const response = await page.request.get("/api/billing/usage/export?workspaceId=ws_acme");
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("forbidden");
});

test("support staff can look but not export, and are told their looks are recorded", async ({ page }, testInfo) => {
  await signIn(page, "support@example.com");
  await page.goto("/w/globex/billing");
  await expect(page.getByRole("region", { name: "By product area", exact: true })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Support access" })).toContainText("Support access");
  await expect(page.getByRole("complementary", { name: "Support access" })).toContainText("recorded in its audit log");
  await expect(page.getByRole("button", { name: "Export CSV" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await screenshot(page, testInfo, "dashboard-support");
});

test("an admin reads and filters the audit log, and downloads it", async ({ page }, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  await expect(page.getByRole("region", { name: "By product area", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log · Acme Corp" })).toBeVisible();
  const rows = page.getByRole("region", { name: "Events, newest first" }).locator("tbody tr");
  // The dashboard's report and its export history were both read, and both audited.
  // Other tests read acme at the same time (finance lands on its dashboard): look for admin's rows.
  await expect(rows.filter({ hasText: "billing.usage.viewed" }).filter({ hasText: "admin@example.com" }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "billing.exports.viewed" }).filter({ hasText: "admin@example.com" }).first()).toBeVisible();

  await page.getByLabel("Action").selectOption("billing.usage.viewed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("Loading the audit log")).toHaveCount(0);
  await expect(rows.first()).toContainText("Usage viewed");
  await expect(rows.filter({ hasText: "billing.exports.viewed" })).toHaveCount(0);
  await expect(rows.filter({ hasNotText: "billing.usage.viewed" })).toHaveCount(0);
  await screenshot(page, testInfo, "audit-log-admin");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^audit-acme-/);
  const text = await readFile((await download.path())!, "utf8");
  expect(text.split("\r\n")[0]).toBe(
    "occurred_at,action,actor_email,actor_id,workspace_id,target,request_id,ip,user_agent,metadata,client_request_id",
  );
});

test("finance has no audit log", async ({ page }) => {
  await signIn(page, "finance@example.com");
  await page.goto("/w/acme/audit");
  await expect(page.getByRole("heading", { name: "No access to the audit log" })).toBeVisible();
  await expect(page.getByText("does not include the audit log")).toBeVisible();
  expect((await page.request.get("/api/audit-events?workspaceId=ws_acme")).status()).toBe(403);
});

/** Nothing on the page is wider than the window: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test("on a phone the export history's download link, the period's whole name and the audit filters fit the screen @mobile", async ({
  page,
}, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing?period=previous");
  const exported = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await exported;
  const width = page.viewportSize()!.width;
  const download = page
    .getByRole("region", { name: "Export history" })
    .getByTestId("export-item")
    .first()
    .getByRole("link", { name: /Download/ });
  await download.scrollIntoViewIfNeeded();
  const box = (await download.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  // The selected period's label, measured in the select's own font, fits inside it (arrow included).
  const period = await page.getByLabel("Billing period").evaluate((select: HTMLSelectElement) => {
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = context.measureText(select.selectedOptions[0]!.text).width;
    return { needed: text + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20, available: select.clientWidth };
  });
  expect(period.needed).toBeLessThanOrEqual(period.available);
  await expectNoSidewaysScroll(page);
  await screenshot(page, testInfo, "dashboard-export-history-fits");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log · Acme Corp" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  const card = (await page.locator(".audit-filters").boundingBox())!;
  for (const field of await page.locator(".audit-filters").locator("input, select").all()) {
    const box = (await field.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(card.x);
    expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
  }
  // Events are stacked blocks on a phone: nothing in the list scrolls sideways either.
  const events = page.getByRole("region", { name: "Audit events" });
  await expect(events.locator("tbody tr").first()).toBeVisible();
  expect(await events.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, testInfo, "audit-log-fits");
});
