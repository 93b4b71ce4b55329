// Runs against the many-workspaces database (scripts/e2e.ts), where tests/e2e/rollout-seed.ts
// deny-lists one workspace for the billing dashboard: its billing page is "not found" for its own
// ADMIN, who is not offered it, and visible to support (docs/rollout.md).
import { expect, test } from "@playwright/test";
import { HIDDEN } from "./rollout-data";
import { signIn } from "./support";

test("a hidden workspace's billing page is a 404 for its admin, who lands on the workspace page", async ({ page }) => {
  await signIn(page, HIDDEN.admin);
  await expect(page).toHaveURL(new RegExp(`/w/${HIDDEN.slug}$`));
  await expect(page.getByRole("heading", { name: HIDDEN.name })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the usage dashboard" })).toHaveCount(0);
  await page.goto(`/w/${HIDDEN.slug}/audit`);
  const sections = page.getByRole("navigation", { name: "Workspace sections" });
  await expect(sections.getByRole("link", { name: "Usage" })).toHaveCount(0);
  await expect(sections.getByRole("link", { name: "Notifications" })).toHaveCount(0);
  expect((await page.goto(`/w/${HIDDEN.slug}/notifications`))?.status()).toBe(404);
  const response = await page.goto(`/w/${HIDDEN.slug}/billing`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  const api = await page.request.get(`/api/billing/usage?workspaceId=${HIDDEN.id}`);
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: { code: "not_found", message: `No workspace ${HIDDEN.id}.` } });
});

test("support sees the hidden workspace's billing page as usual", async ({ page }) => {
  await signIn(page, "support@example.com");
  await page.goto(`/w/${HIDDEN.slug}`);
  await expect(page.getByRole("link", { name: "Open the usage dashboard" })).toBeVisible();
  const response = await page.goto(`/w/${HIDDEN.slug}/billing`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: `Usage · ${HIDDEN.name}` })).toBeVisible();
  expect((await page.request.get(`/api/billing/usage?workspaceId=${HIDDEN.id}`)).status()).toBe(200);
});
