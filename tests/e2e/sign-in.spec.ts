import { expect, test } from "@playwright/test";
import { screenshot, signIn, submitSignIn } from "./support";

const ACCOUNTS = [
  { email: "admin@example.com", rows: { acme: "Admin", globex: "Admin" } },
  { email: "finance@example.com", rows: { acme: "Finance" } },
  { email: "member@example.com", rows: { acme: "Member" } },
  {
    email: "support@example.com",
    rows: { acme: "Support (read-only)", globex: "Support (read-only)", initech: "Support (read-only)" },
  },
  { email: "owner@initech.example.com", rows: { initech: "Admin" } },
];

for (const account of ACCOUNTS) {
  test(`${account.email} signs in and sees exactly their workspaces @mobile`, async ({ page }, testInfo) => {
    await signIn(page, account.email);
    await expect(page).toHaveURL(/\/workspaces$/);
    await expect(page.getByRole("heading", { name: "Workspaces" })).toBeVisible();
    const rows = page.getByRole("table", { name: "Your workspaces" }).locator("tbody tr");
    await expect(rows).toHaveCount(Object.keys(account.rows).length);
    // A handful of workspaces is simply listed: no search form, no pages.
    await expect(page.getByRole("search")).toHaveCount(0);
    for (const [slug, role] of Object.entries(account.rows)) {
      await expect(page.getByTestId(`workspace-row-${slug}`)).toContainText(role);
    }
    await screenshot(page, testInfo, `workspaces-${account.email.split("@")[0]}`);
  });
}

test("a wrong password gets a clear message and no session", async ({ page }, testInfo) => {
  await submitSignIn(page, "admin@example.com", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: /email and password do not match/ })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  await screenshot(page, testInfo, "signin-wrong-password");
  await page.goto("/workspaces");
  await expect(page).toHaveURL(/\/signin/);
});

test("signed-out visitors are sent to sign-in, and the API answers 401", async ({ page, request }) => {
  await page.goto("/workspaces");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  const response = await request.get("/api/workspaces");
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe("unauthenticated");
});

test("the workspace switcher opens a workspace, and signing out ends the session", async ({ page }, testInfo) => {
  await signIn(page, "admin@example.com");
  await expect(page).toHaveURL(/\/workspaces$/);
  await page.getByLabel("Switch workspace").selectOption("globex");
  await expect(page).toHaveURL(/\/w\/globex\/billing$/);
  await expect(page.getByRole("heading", { name: "Usage · Globex GmbH" })).toBeVisible();
  await expect(page.getByText("Billing periods start on day 15 in Europe/Berlin")).toBeVisible();
  await screenshot(page, testInfo, "workspace-globex-admin");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/api/workspaces")).status()).toBe(401);
});

test("a member sees that billing data is not part of their role", async ({ page }, testInfo) => {
  await signIn(page, "member@example.com");
  await page.goto("/w/acme");
  await expect(page.getByTestId("no-billing-access")).toBeVisible();
  await screenshot(page, testInfo, "workspace-acme-member");
});

test("a foreign workspace shows no data, only a no-access message", async ({ page }, testInfo) => {
  await signIn(page, "owner@initech.example.com");
  await expect(page).toHaveURL(/\/workspaces$/);
  await page.goto("/w/acme");
  await expect(page.getByRole("heading", { name: "No access to this workspace" })).toBeVisible();
  await expect(page.getByText("America/New_York")).toHaveCount(0);
  await screenshot(page, testInfo, "workspace-foreign");
});
