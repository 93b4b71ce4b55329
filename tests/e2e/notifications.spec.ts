// The Notifications page: an admin adds a webhook endpoint from the keyboard (its secret shown
// once), tests it against a receiver this spec runs and checks the signature, rotates the secret
// and deletes the endpoint; the API's refusal of an unsafe URL shows beside the field; support
// staff read it all without controls; finance and members neither see the link nor the page.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expectNoSeriousA11yViolations, screenshot, signIn } from "./support";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 (WEBHOOK_ALLOWED_HOSTS in playwright.config.ts): answers 204, keeps what it got. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const noSidewaysScroll = (page: Page) =>
  expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

/** The test events the receiver got (other events may reach it too, from the workspace's flags). */
const testsReceived = (received: Received[]) => received.filter((r) => (JSON.parse(r.body) as { type: string }).type === "webhook.test");

/** Whether `secret` signed the delivery (Standard Webhooks: one of the webhook-signature's v1 signatures). */
function signedWith(delivery: Received, secret: string): boolean {
  try {
    new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

test("an admin adds an endpoint from the keyboard, sees its secret once, tests, rotates and deletes it", async ({
  page,
  context,
}, testInfo) => {
  test.slow(); // two test deliveries wait for the notification job
  const receiver = await startReceiver();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/billing");
  await page.getByRole("navigation", { name: "Workspace sections" }).getByRole("link", { name: "Notifications" }).click();
  // The usage page is the heaviest there is: on a busy machine leaving it takes a while.
  await expect(page).toHaveURL(/\/w\/acme\/notifications$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications · Acme Corp");
  const webhooks = page.getByTestId("webhooks");

  await webhooks.getByRole("button", { name: "Add an endpoint" }).focus();
  await page.keyboard.press("Enter");
  await expect(webhooks.getByLabel("Endpoint URL")).toBeFocused();
  await page.keyboard.type(receiver.url);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Ops alerts");
  await page.keyboard.press("Enter");

  // The secret, shown once, focused so it is read out; copied with its button.
  const reveal = webhooks.getByTestId("secret-reveal");
  await expect(reveal).toBeFocused();
  await expect(reveal).toContainText("It will not be shown again.");
  const secret = (await reveal.getByTestId("secret-value").innerText()).trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await expect(webhooks.getByTestId("webhooks-outcome")).toHaveText(`Endpoint ${receiver.url} added.`);
  await page.keyboard.press("Tab");
  await expect(reveal.getByRole("button", { name: "Copy secret" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(reveal.getByRole("status")).toHaveText("Copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await screenshot(page, testInfo, "notifications-secret");
  await reveal.getByRole("button", { name: "I have stored it" }).press("Enter");
  await expect(reveal).toHaveCount(0);

  // Focus is on Send test: the test event arrives, signed with that secret, and its attempt shows.
  const endpoint = webhooks.getByTestId("webhook-endpoint").filter({ hasText: receiver.url });
  await expect(endpoint.getByRole("button", { name: "Send test" })).toBeFocused();
  await expect(endpoint).toContainText("Ops alerts");
  await page.keyboard.press("Enter");
  await expect(endpoint.getByTestId("webhook-outcome")).toHaveText(/^Test delivered: HTTP 204 in [\d,]+ ms\.$/, { timeout: 30_000 });
  await expect(endpoint.getByTestId("delivery-attempt").first()).toContainText("Succeeded");
  await expect(endpoint.getByTestId("delivery-attempt").first()).toContainText("webhook.test");
  const [first] = testsReceived(receiver.received);
  expect(first && signedWith(first, secret)).toBe(true);
  expect(first!.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);

  const example = page.getByTestId("event-examples").locator("details", { hasText: "budget.crossed" });
  await example.locator("summary").click();
  await expect(example.locator("pre")).toBeVisible();
  await expect(example.locator("pre")).toContainText('"type": "budget.crossed"');
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, testInfo, "notifications-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await noSidewaysScroll(page);
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, testInfo, "notifications-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Once gone, the secret is nowhere on the page, even after a reload.
  await page.reload();
  await expect(endpoint).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // Rotating shows the new secret once; the old one signs too for 24 hours, so a test verifies with either.
  await endpoint.getByRole("button", { name: "Rotate secret" }).press("Enter");
  await expect(reveal).toBeFocused();
  await expect(reveal).toContainText("New signing secret");
  await expect(reveal).toContainText(/The previous secret keeps signing deliveries too until .+\(America\/New_York\)/);
  const rotated = (await reveal.getByTestId("secret-value").innerText()).trim();
  expect(rotated).not.toBe(secret);
  await reveal.getByRole("button", { name: "I have stored it" }).press("Enter");
  await expect(endpoint.getByRole("button", { name: "Rotate secret" })).toBeFocused();
  await expect(endpoint).toContainText("Previous secret signs until");
  await endpoint.getByRole("button", { name: "Send test" }).press("Enter");
  await expect(endpoint.getByTestId("webhook-outcome")).toHaveText(/^Test delivered: HTTP 204/, { timeout: 30_000 });
  const tests = testsReceived(receiver.received);
  expect(tests).toHaveLength(2);
  expect([signedWith(tests[0]!, rotated), signedWith(tests[1]!, rotated), signedWith(tests[1]!, secret)]).toEqual([false, true, true]);

  // Deleting asks first, then focus goes back to "Add an endpoint".
  await endpoint.getByRole("button", { name: "Delete", exact: true }).press("Enter");
  const question = endpoint.getByText(`Delete the endpoint ${receiver.url}?`);
  await expect(question).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(endpoint.getByRole("button", { name: "Delete endpoint" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(webhooks.getByTestId("webhooks-outcome")).toHaveText(`Endpoint ${receiver.url} deleted.`);
  await expect(endpoint).toHaveCount(0);
  await expect(webhooks.getByRole("button", { name: "Add an endpoint" })).toBeFocused();
  await receiver.close();
});

test("an unsafe URL is refused with the API's own words, beside the field", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/acme/notifications");
  const webhooks = page.getByTestId("webhooks");
  await webhooks.getByRole("button", { name: "Add an endpoint" }).click();
  const url = webhooks.getByLabel("Endpoint URL");
  // The cloud metadata address: http, and not a host the operator allows.
  await url.fill("http://169.254.169.254/latest/meta-data");
  await url.press("Enter");
  const api = await page.request.post("/api/billing/webhooks?workspaceId=ws_acme", {
    data: { url: "http://169.254.169.254/latest/meta-data", events: ["anomaly.opened"] },
  });
  expect(api.status()).toBe(400);
  const { error } = (await api.json()) as { error: { message: string } };
  await expect(webhooks.getByTestId("url-error")).toHaveText(error.message);
  await expect(url).toHaveAttribute("aria-invalid", "true");
  await expect(url).toBeFocused();
  await expect(webhooks.getByTestId("secret-reveal")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test("the e-mail choices: saved by an admin, or explained and disabled when the server cannot send e-mail", async ({ page }, testInfo) => {
  await signIn(page, "admin@example.com");
  await page.goto("/w/globex/notifications");
  const card = page.getByTestId("email-choices");
  const digest = card.getByRole("checkbox", { name: "Send a daily digest" });
  await expect(digest).toBeVisible();
  const settings = (await (await page.request.get("/api/billing/notifications/email?workspaceId=ws_globex")).json()) as {
    smtpConfigured: boolean;
    dailyDigest: boolean;
    recipients: string[];
  };
  await expect(card.getByTestId("email-recipients")).toContainText(settings.recipients.join(", ") || "reach nobody");
  if (!settings.smtpConfigured) {
    await expect(card.getByTestId("smtp-missing")).toHaveText(
      "E-mail is not set up on this server: nothing is e-mailed until an operator sets SMTP_URL. Webhooks work without it.",
    );
    await expect(digest).toBeDisabled();
    await expect(card.getByRole("button", { name: "Save e-mail choices" })).toBeDisabled();
    await screenshot(page, testInfo, "notifications-email-disabled");
    return;
  }
  await digest.focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await expect(card.getByRole("button", { name: "Save e-mail choices" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(card.getByTestId("email-outcome")).toHaveText("E-mail choices saved.");
  const saved = (await (await page.request.get("/api/billing/notifications/email?workspaceId=ws_globex")).json()) as {
    dailyDigest: boolean;
  };
  expect(saved.dailyDigest).toBe(!settings.dailyDigest);
});

test("support staff read endpoints, deliveries and e-mail choices, with no control", async ({ page, browser }, testInfo) => {
  // An endpoint on globex, added through the API as its admin.
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const created = await admin.request.post("/api/billing/webhooks?workspaceId=ws_globex", {
    data: { url: "http://127.0.0.1:9/support-reads", events: ["budget.crossed"], description: "Finance bot" },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await signIn(page, "support@example.com");
  await page.goto("/w/globex/billing");
  await page.getByRole("navigation", { name: "Workspace sections" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications · Globex GmbH");
  const endpoint = page.getByTestId("webhook-endpoint").filter({ hasText: "http://127.0.0.1:9/support-reads" });
  await expect(endpoint).toContainText("Finance bot");
  await expect(endpoint).toContainText("budget.crossed");
  await expect(endpoint.getByRole("heading", { name: "Recent deliveries" })).toBeVisible();
  await expect(page.getByTestId("email-facts")).toContainText("E-mail the workspace's admins:");
  await expect(page.getByTestId("webhooks").getByRole("button")).toHaveCount(0);
  await expect(page.getByTestId("email-choices").getByRole("button")).toHaveCount(0);
  await expect(page.getByTestId("email-choices").getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, testInfo, "notifications-support");

  expect((await admin.request.delete(`/api/billing/webhooks/${id}`)).status()).toBe(204);
  await admin.close();
});

for (const email of ["finance@example.com", "member@example.com"]) {
  test(`${email.split("@")[0]} sees no Notifications link and gets the no-access page; the API answers 403`, async ({ page }) => {
    await signIn(page, email);
    await page.goto(email.startsWith("finance") ? "/w/acme/billing" : "/w/acme");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Notifications" })).toHaveCount(0);
    await page.goto("/w/acme/notifications");
    await expect(page.getByRole("heading", { name: "No access to notifications" })).toBeVisible();
    await expect(page.getByTestId("no-billing-access")).toContainText("does not include the workspace's notification settings");
    await expect(page.getByTestId("webhooks")).toHaveCount(0);
    for (const path of ["/api/billing/webhooks?workspaceId=ws_acme", "/api/billing/notifications/email?workspaceId=ws_acme"]) {
      expect((await page.request.get(path)).status()).toBe(403);
    }
  });
}
