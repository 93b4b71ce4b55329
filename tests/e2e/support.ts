import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

export const PASSWORD = "demo-password";

export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Where each demo account lands: the list, or the one workspace it has. */
export const LANDING = /\/workspaces$|\/w\/[a-z0-9-]+(\/billing)?$/;

/** Signs in with the demo password and waits for the landing page. */
export async function signIn(page: Page, email: string): Promise<void> {
  await submitSignIn(page, email, PASSWORD);
  await page.waitForURL(LANDING);
}

/** Full-page screenshots kept under test-results/screenshots for review and as CI artefacts. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect(page.locator("body")).toBeVisible();
  await page.screenshot({ path: `test-results/screenshots/${testInfo.project.name}-${name}.png`, fullPage: true });
}

/** axe-core on the page as it is now: no violation of serious or critical impact. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}
