import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, screenshot, signIn } from "./support";

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

  // Filters narrow the list: only gaps, then only this workspace's.
  await page.getByLabel("Kind").selectOption("gap");
  await expect(items.first()).toHaveAttribute("data-kind", "gap");
  await expect.poll(() => items.evaluateAll((all) => [...new Set(all.map((item) => item.getAttribute("data-kind")))])).toEqual(["gap"]);
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
