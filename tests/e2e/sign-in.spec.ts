import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, screenshot, signIn, submitSignIn } from "./support";
import { THROTTLED_ACCOUNT } from "./throttle-account";

const ACCOUNTS = [
  { email: "admin@example.com", rows: { acme: "Admin", globex: "Admin" } },
  {
    email: "support@example.com",
    rows: { acme: "Support (views, triages flags)", globex: "Support (views, triages flags)", initech: "Support (views, triages flags)" },
  },
];

// One workspace: no list to choose from, straight to it (its dashboard, if the role shows usage).
for (const [email, landing, heading] of [
  ["finance@example.com", "/w/acme/billing", "Usage · Acme Corp"],
  ["member@example.com", "/w/acme", "Acme Corp"],
  ["owner@initech.example.com", "/w/initech/billing", "Usage · Initech KK"],
] as const) {
  test(`${email} has one workspace and lands on it @mobile`, async ({ page }, testInfo) => {
    await signIn(page, email);
    await expect(page).toHaveURL(new RegExp(`${landing}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(heading);
    await screenshot(page, testInfo, `landing-${email.split("@")[0]}`);
  });
}

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
  await page.goto("/w/acme");
  await expect(page.getByRole("heading", { name: "No access to this workspace" })).toBeVisible();
  await expect(page.getByText("America/New_York")).toHaveCount(0);
  await screenshot(page, testInfo, "workspace-foreign");
});

test("after signing out, the old session cookie reads nothing: 401 from the API, sign-in for pages", async ({
  page,
  browser,
  playwright,
}) => {
  await signIn(page, "finance@example.com");
  const session = (await page.context().cookies()).find((cookie) => cookie.name === "next-auth.session-token");
  expect(session).toBeDefined();
  const oldCookie = { Cookie: `next-auth.session-token=${session!.value}` };
  const api = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: oldCookie });
  const usage = "/api/billing/usage?workspaceId=ws_acme&period=current";
  expect((await api.get(usage)).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  const refused = await api.get(usage);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthenticated");
  // As a bearer token it was never accepted.
  const bearer = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await bearer.get(usage, { headers: { Authorization: `Bearer ${session!.value}` } })).status()).toBe(401);
  // A browser that kept the cookie is signed out for pages too.
  const kept = await browser.newContext();
  await kept.addCookies([session!]);
  const keptPage = await kept.newPage();
  await keptPage.goto("/workspaces");
  await expect(keptPage).toHaveURL(/\/signin/);
  await Promise.all([api.dispose(), bearer.dispose(), kept.close()]);
});

/** One sign-in through the form: the credentials callback's status and Retry-After, and the alert shown. */
async function attempt(page: Page, email: string, password: string) {
  const answer = page.waitForResponse((response) => response.url().endsWith("/api/auth/callback/credentials"));
  await submitSignIn(page, email, password);
  const response = await answer;
  const shown = page.locator("form").getByRole("alert");
  await expect(shown).toBeVisible();
  const alert = await shown.textContent();
  return { status: response.status(), retryAfter: (await response.headerValue("retry-after")) !== null, alert };
}

test("repeated wrong passwords are throttled: 429 with Retry-After, a clear message, and the same for unknown emails", async ({
  page,
  browser,
}, testInfo) => {
  // The account's owner signed in on another browser before the guessing started.
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, THROTTLED_ACCOUNT);
  await owner.clearCookies({ name: "next-auth.session-token" });

  // Its own client address, so the address counter of the other tests' 127.0.0.1 is left alone.
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.77" });
  const answers: Record<string, Awaited<ReturnType<typeof attempt>>[]> = { known: [], unknown: [] };
  for (let i = 0; i < 6; i++) {
    answers.known!.push(await attempt(page, THROTTLED_ACCOUNT, "not-the-password"));
    answers.unknown!.push(await attempt(page, "nobody-at-all@example.com", "not-the-password"));
  }
  const refused = { status: 401, retryAfter: false, alert: expect.stringMatching(/email and password do not match/) };
  const throttled = { status: 429, retryAfter: true, alert: "Too many attempts. Try again in 1 minute." };
  expect(answers.known).toEqual([...Array(5).fill(refused), throttled]);
  expect(answers.unknown).toEqual(answers.known);
  await screenshot(page, testInfo, "signin-throttled");

  // The right password waits too, from this browser; the owner's, known from before, is let in.
  expect(await attempt(page, THROTTLED_ACCOUNT, PASSWORD)).toEqual(throttled);
  await expect(page).toHaveURL(/\/signin/);
  await signIn(ownerPage, THROTTLED_ACCOUNT);
  await owner.close();
});

test("a signed-out visit to a deep link comes back to it after sign-in", async ({ page }) => {
  await page.goto("/w/acme/billing?period=previous&areas=compute");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fw%2Facme%2Fbilling%3Fperiod%3Dprevious%26areas%3Dcompute$/);
  await page.getByLabel("Email").fill("finance@example.com");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/w\/acme\/billing\?period=previous&areas=compute$/);
  await expect(page.getByLabel("Billing period")).toHaveValue("previous");
});
