import { expect, test, type Locator, type Page } from "@playwright/test";
import { dateFormat } from "../../lib/format/dates";
import { expectNoSeriousA11yViolations, screenshot, signIn } from "./support";

// The rate card and the invoice preview (issue 28 §2): opened from the projected-invoice card,
// every figure equal to the dashboard's, closed periods as their actual lines, a clean print.

const INITECH = dateFormat("ja-JP");

/** "$1,234.56" (any locale that writes USD so) as integer cents, to add up exactly. */
function cents(text: string): bigint {
  const match = text.match(/([\d,]+)\.(\d{2})/);
  if (!match) throw new Error(`No amount in "${text}"`);
  return BigInt(match[1]!.replaceAll(",", "") + match[2]);
}

async function sumOf(cells: Locator): Promise<bigint> {
  return (await cells.allInnerTexts()).reduce((sum, text) => sum + cents(text.split("\n")[0]!), 0n);
}

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

interface RateCardItem {
  productArea: string;
  includedUsedUpOn: string | null;
  currentTier: number | null;
}

test("the initech owner opens the rate card and the invoice preview from the projected invoice; every figure agrees @mobile", async ({
  page,
}, testInfo) => {
  test.slow(); // three pages, each checked twice (screen and axe), and print
  await signIn(page, "owner@initech.example.com");
  await page.goto("/w/initech/billing");
  const card = page.getByTestId("projected-invoice");
  const projected = (await card.getByTestId("projected-USD").textContent({ timeout: 20_000 }))!;
  const cost = (await page.getByTestId("cost-total").locator(".headline-value").textContent())!;

  // The rate card: the included quantity used up, on which day, and the tier the usage is in now.
  await card.getByRole("link", { name: /Rate card/ }).click();
  await expect(page).toHaveURL(/\/w\/initech\/billing\/rates\?period=\d{4}-\d{2}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rate card · Initech KK");
  const rates = await (await page.request.get("/api/billing/rate-card?workspaceId=ws_initech&period=current")).json();
  const usedUp = (rates.items as RateCardItem[]).filter((item) => item.includedUsedUpOn !== null);
  expect(usedUp.length).toBeGreaterThan(0);
  for (const item of usedUp) {
    const area = page.getByTestId(`rate-${item.productArea}`);
    await expect(area.getByTestId("rate-standing")).toContainText(`used up on ${INITECH.day(item.includedUsedUpOn!)}`);
    await expect(area.getByTestId("rate-included")).toContainText(`Used up ${INITECH.day(item.includedUsedUpOn!)}`);
    if (item.currentTier !== null) {
      await expect(area.getByTestId("rate-standing")).toContainText(`now in tier ${item.currentTier + 1} at $`);
      const row = area.getByTestId(`rate-tier-${item.currentTier + 1}`);
      await expect(row).toHaveAttribute("aria-current", "true");
      await expect(row).toContainText("Now");
    }
  }
  await fitsTheScreen(page);
  await screenshot(page, testInfo, "rate-card");
  await expectNoSeriousA11yViolations(page);

  // The invoice preview: its lines add up to its total, which is the projected invoice's; the
  // actual-so-far column adds up to the cost card's figure.
  await page.getByRole("link", { name: "Preview the invoice" }).click();
  // The current period is named by none: the address the dashboard gives it.
  await expect(page).toHaveURL(/\/w\/initech\/billing\/invoice$/);
  const invoice = page.getByTestId("invoice");
  await expect(invoice.getByTestId("estimate-label")).toHaveText("An estimate, not a charge", { timeout: 20_000 });
  const lines = invoice.locator("tbody tr[data-testid^=invoice-line-]");
  expect(await lines.count()).toBeGreaterThan(0);
  const total = invoice.getByTestId("invoice-total");
  await expect(total.locator("[data-amount]")).toHaveText(projected);
  await expect(total.locator("[data-actual]")).toHaveText(cost);
  expect(await sumOf(lines.locator("[data-amount]"))).toBe(cents(projected));
  expect(await sumOf(lines.locator("[data-actual]"))).toBe(cents(cost));
  await expect(lines.first().getByTestId("tier-breakdown").first()).toContainText(/included|Tier 1/);
  await fitsTheScreen(page);
  await screenshot(page, testInfo, "invoice-preview");
  await expectNoSeriousA11yViolations(page);

  // Print (or save as PDF): the invoice alone, no navigation, no buttons, the estimate still said.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Workspace sections" })).toBeHidden();
  await expect(page.locator("header.topbar")).toBeHidden();
  await expect(page.locator("form.period-picker")).toBeHidden();
  expect(await page.locator("button:visible").count()).toBe(0);
  await expect(invoice.getByTestId("estimate-label")).toBeVisible();
  await expect(total.locator("[data-amount]")).toBeVisible();
  await screenshot(page, testInfo, "invoice-print");
  await page.emulateMedia({ media: "screen" });
  await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeVisible();
});

test("a closed period shows its actual invoice lines, without the estimate label, chosen by keyboard @mobile", async ({
  page,
}, testInfo) => {
  await signIn(page, "owner@initech.example.com");
  await page.goto("/w/initech/billing/invoice");
  await expect(page.getByTestId("estimate-label")).toBeVisible({ timeout: 20_000 });
  // Two periods back: closed whatever day the test runs.
  const select = page.getByLabel("Billing period");
  await select.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const chosen = await select.inputValue();
  expect(chosen).toMatch(/^\d{4}-\d{2}$/);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Show" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/w/initech/billing/invoice\\?period=${chosen}$`));

  const api = await (await page.request.get(`/api/billing/invoice-preview?workspaceId=ws_initech&period=${chosen}`)).json();
  expect(api.period.closed).toBe(true);
  const invoice = page.getByTestId("invoice");
  await expect(invoice.getByRole("heading", { name: "Invoice", exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(invoice).toContainText(INITECH.dayRange(api.period.start, api.period.end));
  await expect(page.getByTestId("estimate-label")).toHaveCount(0);
  await expect(page.getByText("An estimate, not a charge")).toHaveCount(0);
  await expect(invoice.getByRole("columnheader", { name: "Actual so far" })).toHaveCount(0);
  const lines = invoice.locator("tbody tr[data-testid^=invoice-line-]");
  await expect(lines).toHaveCount((api.lines as unknown[]).length);
  const total = (await invoice.getByTestId("invoice-total").locator("[data-amount]").textContent())!;
  expect(cents(total)).toBe(cents(`$${api.totals.actual}`));
  expect(await sumOf(lines.locator("[data-amount]"))).toBe(cents(total));

  // The dashboard of that period shows the same figure on its cost card.
  await page.getByRole("link", { name: "Back to usage" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/initech/billing\\?period=${chosen}$`));
  await expect(page.getByTestId("cost-total").locator(".headline-value")).toHaveText(total, { timeout: 20_000 });
  await page.goBack();
  await expect(page.getByTestId("invoice")).toBeVisible({ timeout: 20_000 });
  await fitsTheScreen(page);
  await screenshot(page, testInfo, "invoice-closed");
  await expectNoSeriousA11yViolations(page);
});

test("the money pages are for roles that may view usage: a member is told, not shown", async ({ page }) => {
  await signIn(page, "member@example.com");
  for (const path of ["/w/acme/billing/rates", "/w/acme/billing/invoice"]) {
    await page.goto(path);
    await expect(page.getByTestId("no-billing-access")).toBeVisible();
    const api = await page.request.get(`/api/billing/${path.endsWith("rates") ? "rate-card" : "invoice-preview"}?workspaceId=ws_acme`);
    expect(api.status()).toBe(403);
  }
});
