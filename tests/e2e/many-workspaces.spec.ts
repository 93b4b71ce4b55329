// Runs against the many-workspaces database (scripts/e2e.ts): one account in 65 workspaces, so the
// top bar's switcher and the dashboard's workspace picker search GET /api/workspaces.
import { expect, test, type Page } from "@playwright/test";
import { MANY_WORKSPACES } from "./many-workspaces-data";
import { expectNoSeriousA11yViolations, screenshot, signIn } from "./support";

const switcherButton = (page: Page) => page.getByRole("button", { name: /^Switch workspace/ });

test("pages carry only the first workspaces and those in view, not all of them", async ({ page }) => {
  await signIn(page, MANY_WORKSPACES.email);
  const html = await (await page.request.get("/w/acme/billing?workspaces=acme,vienna-02")).text();
  console.log(`/w/acme/billing?workspaces=acme,vienna-02: ${html.length} characters of HTML`);
  expect(html).toContain("Porto 03"); // the 20th by name, in the switcher's first slice
  expect(html).toContain("Vienna 02"); // in the view
  expect(html).not.toContain("Porto 04");
  expect(html).not.toContain("Vienna 01");
  expect(html).not.toContain("Tokyo 05");
});

test("the top bar's switcher searches the workspaces and opens the same page of the one chosen", async ({ page }, testInfo) => {
  await signIn(page, MANY_WORKSPACES.email);
  await page.goto("/w/acme/billing");
  await expect(switcherButton(page)).toHaveText(/Acme Corp/);
  await switcherButton(page).click();
  const search = page.getByLabel("Switch workspace", { exact: true });
  await expect(search).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "The first 20 of 65 workspaces" })).toBeVisible();
  const results = page.getByRole("list", { name: "Workspaces" }).getByRole("link");
  await expect(results).toHaveCount(20);
  await expect(results.first()).toHaveAttribute("aria-current", "page");
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, testInfo, "switcher-open");

  await search.fill("TOKYO");
  await expect(page.getByRole("status").filter({ hasText: "8 matches." })).toBeVisible();
  await expect(results).toHaveCount(8);
  await expect(results.first()).toContainText("Tokyo 01");
  await screenshot(page, testInfo, "switcher-search");

  await search.fill("nowhere");
  await expect(page.getByRole("status").filter({ hasText: "No workspace matches." })).toBeVisible();
  await search.fill("vienna 0");
  await expect(results).toHaveCount(8);
  // The keyboard alone: down from the box to the second match, open it.
  await search.press("ArrowDown");
  await expect(results.first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(results.nth(1)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/w\/vienna-02\/billing$/);
  await expect(page.getByRole("heading", { name: "Usage · Vienna 02" })).toBeVisible();
  await expect(switcherButton(page)).toHaveText(/Vienna 02/);

  // Escape closes the panel and gives the focus back to the button.
  await switcherButton(page).click();
  await expect(page.getByLabel("Switch workspace", { exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByLabel("Switch workspace", { exact: true })).toHaveCount(0);
  await expect(switcherButton(page)).toBeFocused();
});

test("the dashboard's picker finds a workspace through the API and combines it with the page's own", async ({ page }, testInfo) => {
  await signIn(page, MANY_WORKSPACES.email);
  await page.goto("/w/acme/billing");
  await expect(page.getByRole("region", { name: "By product area", exact: true })).toBeVisible();
  await page.locator("summary", { hasText: "Workspaces" }).click();
  const note = page.locator(".picker-note");
  await expect(note).toHaveText("50 of 56 matches shown; type to narrow them down.");

  await page.getByLabel("Find a workspace").fill("sofia");
  // Only workspaces with usage:view: "Sofia 08" (MEMBER) is not offered.
  await expect(note).toHaveText("7 matches.");
  await expect(page.getByRole("checkbox", { name: /Sofia 08/ })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, testInfo, "picker-search");
  await page.getByRole("checkbox", { name: /Sofia 03/ }).check();
  await expect(page).toHaveURL(/workspaces=acme%2Csofia-03/);
  await expect(page.getByRole("region", { name: "By workspace", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Export CSV" })).toBeVisible();

  // Chosen workspaces stay on top whatever the search.
  await page.getByLabel("Find a workspace").fill("quito");
  await expect(note).toHaveText("7 matches.");
  const boxes = page.locator(".filters fieldset").last().getByRole("checkbox");
  await expect(boxes.nth(0)).toBeChecked();
  await expect(boxes.nth(1)).toBeChecked();
  await expect(boxes.nth(1)).toHaveAccessibleName(/Sofia 03/);

  // The view is in the URL: the reloaded page knows the picked workspace without a search.
  await page.reload();
  await expect(page.locator("summary", { hasText: "Workspaces" })).toContainText("2 workspaces combined");
  await expect(page.getByRole("region", { name: "By workspace", exact: true })).toBeVisible();
});

test("the switcher and the picker fit a phone's screen", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, MANY_WORKSPACES.email);
  await page.goto("/w/acme/billing");
  await switcherButton(page).click();
  await page.getByLabel("Switch workspace", { exact: true }).fill("oslo");
  await expect(page.getByRole("list", { name: "Workspaces" }).getByRole("link")).toHaveCount(8);
  await screenshot(page, testInfo, "switcher-search-390");
  await page.screenshot({ path: `test-results/screenshots/${testInfo.project.name}-switcher-search-390-viewport.png` });
  await page.keyboard.press("Escape");
  await page.locator("summary", { hasText: "Workspaces" }).click();
  await page.getByLabel("Find a workspace").fill("riga");
  await expect(page.locator(".picker-note")).toHaveText("7 matches.");
  await screenshot(page, testInfo, "picker-search-390");
  await page.screenshot({ path: `test-results/screenshots/${testInfo.project.name}-picker-search-390-viewport.png` });
});

test("the workspaces page lists 50 at a time, and searches by name or slug", async ({ page }, testInfo) => {
  await signIn(page, MANY_WORKSPACES.email);
  const rows = page.getByRole("table", { name: "Your workspaces" }).locator("tbody tr");
  const status = page.getByRole("status");
  await expect(rows).toHaveCount(50);
  await expect(status).toHaveText("1–50 of 65");
  await expect(rows.first()).toContainText("Acme Corp");
  await expect(rows.last()).toContainText("Tokyo 01");
  expect(await page.content()).not.toContain("Vienna 05");
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, testInfo, "workspaces-page-1");

  await page.getByRole("navigation", { name: "Pages of workspaces" }).getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/workspaces\?page=2$/);
  await expect(status).toHaveText("51–65 of 65");
  await expect(rows).toHaveCount(15);
  await expect(rows.last()).toContainText("Vienna 08");
  await screenshot(page, testInfo, "workspaces-page-2");

  await page.getByLabel("Find a workspace").fill("TOKYO");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/workspaces\?search=TOKYO$/);
  await expect(status).toContainText("1–8 of 8 matching “TOKYO”");
  await expect(rows).toHaveCount(8);
  // MEMBER of Tokyo 08: its row opens the workspace, not the usage dashboard it may not see.
  await expect(page.getByRole("link", { name: "Tokyo 08" })).toHaveAttribute("href", "/w/tokyo-08");
  await expect(page.getByRole("link", { name: "Tokyo 07" })).toHaveAttribute("href", "/w/tokyo-07/billing");
  await screenshot(page, testInfo, "workspaces-search");

  await page.getByLabel("Find a workspace").fill("nowhere");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(status).toContainText("No workspace matches “nowhere”.");
  await expect(rows).toHaveCount(0);
  await status.getByRole("link", { name: "Show all" }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(rows).toHaveCount(50);
});
