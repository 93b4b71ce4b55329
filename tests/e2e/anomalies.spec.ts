import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, screenshot, signIn } from "./support";

// These tests change which flags are open: run them one after another, so the support list's
// count is never taken while another of them raises budget flags.
test.describe.configure({ mode: "default" });

interface Flag {
  id: string;
  productArea: string | null;
  kind: string;
  status: string;
  startDate: string;
  endDate: string;
  impactAmount: string | null;
}

test("support finds the demo's spike across workspaces and acknowledges it; the admin then sees it on the chart", async ({
  page,
  browser,
}, testInfo) => {
  await signIn(page, "support@example.com");
  await page.getByRole("link", { name: "Anomaly flags" }).click();
  await expect(page.getByRole("heading", { name: "Anomaly flags across workspaces" })).toBeVisible();
  // The same list the API gives staff across all workspaces, the open flags most severe first.
  const api = (await (await page.request.get("/api/billing/anomalies?workspaceId=all&status=open")).json()) as { anomalies: Flag[] };
  const spike = api.anomalies.find((f) => f.kind === "spike" && f.productArea === "realtime")!;
  expect(spike, "the demo's acme realtime spike is an open flag").toBeDefined();
  const items = page.getByTestId("anomaly");
  await expect(items).toHaveCount(api.anomalies.length);
  const row = items.filter({ hasText: "Spike · Realtime" }).filter({ hasText: "Acme" });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("anomaly-impact")).toContainText("+$");
  await screenshot(page, testInfo, "support-anomalies");
  await expectNoSeriousA11yViolations(page);

  // Filters narrow the list: only one kind, then only this workspace's. Not always "gap": the
  // detector reads open periods only, so on some days the demo's gap lies in a closed one.
  const kind = api.anomalies.find((f) => f.kind !== "spike")?.kind ?? "spike";
  await page.getByLabel("Kind").selectOption(kind);
  await expect(items.first()).toHaveAttribute("data-kind", kind);
  await expect.poll(() => items.evaluateAll((all) => [...new Set(all.map((item) => item.getAttribute("data-kind")))])).toEqual([kind]);
  await page.getByLabel("Kind").selectOption("");
  await page.getByRole("search", { name: "Filter anomaly flags" }).getByLabel("Workspace").fill("acme");
  await page.getByRole("button", { name: "Acme Corp" }).click();
  await expect(page.getByRole("heading", { name: /Open flags · Acme Corp/ })).toBeVisible();

  // Acknowledge, from the keyboard, with a note.
  await row.getByRole("button", { name: "Acknowledge" }).focus();
  await page.keyboard.press("Enter");
  await page.keyboard.type("Looking into the realtime burst with the customer.");
  await row.getByRole("button", { name: "Acknowledge" }).click();
  await expect(row).toHaveCount(0); // no longer open
  await page.getByLabel("Status").selectOption("acknowledged");
  await expect(items.filter({ hasText: "Spike · Realtime" })).toHaveAttribute("data-status", "acknowledged");
  const after = await (await page.request.get(`/api/billing/anomalies?workspaceId=ws_acme&status=acknowledged&kind=spike`)).json();
  expect((after.anomalies as Flag[]).map((f) => f.id)).toContain(spike.id);

  // The admin sees the flag on the chart of its period, and in the period's list, acknowledged.
  const admin = await browser.newPage({ viewport: page.viewportSize() ?? undefined });
  await signIn(admin, "admin@example.com");
  await admin.goto(`/w/acme/billing?period=${spike.startDate.slice(0, 7)}`);
  const card = admin.getByTestId("anomaly-flags");
  const listed = card.getByTestId("anomaly").filter({ hasText: "Spike · Realtime" });
  await expect(listed).toHaveAttribute("data-status", "acknowledged");
  const chart = admin.getByTestId("usage-chart");
  await chart.getByRole("button", { name: /^connection-minutes/ }).click(); // realtime's unit
  await expect(chart.locator(".chart-flag").first()).toBeVisible();
  await chart.getByRole("button", { name: "Show as table" }).click();
  await expect(chart.locator(`th[data-date="${spike.startDate}"]`).getByTestId("table-flag")).toContainText("Spike: Realtime");
  await chart.getByRole("button", { name: "Show chart" }).click();
  await screenshot(admin, testInfo, "dashboard-anomalies");
  await admin.close();
});

test("the support list and the dashboard's flags fit the screen, with nothing to scroll sideways @mobile", async ({ page }, testInfo) => {
  await signIn(page, "support@example.com");
  await page.goto("/support/anomalies");
  await expect(page.getByTestId("anomaly").first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, testInfo, "support-anomalies-layout");
  await page.goto("/w/globex/billing?period=previous");
  await expect(page.getByTestId("anomaly-flags")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test("the support page is not there for anyone but support staff", async ({ page }) => {
  await signIn(page, "admin@example.com");
  const response = await page.goto("/support/anomalies");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Anomaly flags" })).toHaveCount(0);
});

test("an admin sets a budget from the dashboard by keyboard, is warned once it is crossed, and removes it; support only reads it", async ({
  page,
  browser,
}, testInfo) => {
  await signIn(page, "owner@initech.example.com");
  await page.goto("/w/initech/billing");
  const panel = page.getByTestId("budget-panel");
  await expect(panel.getByTestId("budget-summary")).toContainText("No budget");
  await expect(page.getByTestId("budget-banner")).toHaveCount(0);

  await panel.getByRole("button", { name: "Set a budget" }).focus();
  await page.keyboard.press("Enter");
  await expect(panel.getByLabel(/Amount per billing period/)).toBeFocused();
  await page.keyboard.type("a lot");
  await page.keyboard.press("Enter");
  await expect(panel.getByRole("alert")).toContainText("amount must be a positive decimal string");

  await panel.getByLabel(/Amount per billing period/).fill("1");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("100, 50");
  await page.keyboard.press("Enter");
  await expect(panel.getByTestId("budget-summary")).toContainText("$1.00 per billing period; a warning at 50 %, 100 % of it");
  // A dollar is crossed (by the cost so far or, early in the period, by the projection): the
  // banner says so, and both thresholds are flagged.
  await expect(page.getByTestId("budget-banner")).toContainText(
    /(Usage so far has|The projected invoice would) reach(ed)? 100 % of this period's budget/,
  );
  const budgetFlags = page.getByTestId("anomaly-flags").getByTestId("anomaly").filter({ hasText: "Budget" });
  await expect(budgetFlags).toHaveCount(2);
  await screenshot(page, testInfo, "budget-set");

  // At 390 px the open form still fits without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await panel.getByRole("button", { name: "Change budget" }).click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, testInfo, "budget-form-narrow");
  await expectNoSeriousA11yViolations(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Support sees the budget but has no control over it.
  const support = await browser.newPage();
  await signIn(support, "support@example.com");
  await support.goto("/w/initech/billing");
  await expect(support.getByTestId("budget-summary")).toContainText("$1.00 per billing period");
  await expect(support.getByTestId("budget-panel").getByRole("button")).toHaveCount(0);
  await support.close();

  await panel.getByRole("button", { name: "Remove budget" }).click();
  await expect(panel.getByTestId("budget-summary")).toContainText("No budget");
  await expect(page.getByTestId("budget-banner")).toHaveCount(0);
  await expect(budgetFlags).toHaveCount(0); // resolved, so no longer among those to look at
  const flags = (await (await page.request.get("/api/billing/anomalies?workspaceId=ws_initech&kind=budget")).json()) as {
    anomalies: Flag[];
  };
  expect(flags.anomalies.map((f) => f.status)).toEqual(["resolved", "resolved"]);
});
