// What public/ serves: answered by Next before any page, so without a session (proxy.ts passes them).
import { expect, test } from "@playwright/test";

test("robots.txt keeps every crawler out, without signing in", async ({ request }) => {
  const response = await request.get("/robots.txt", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/plain/);
  expect(await response.text()).toBe("User-agent: *\nDisallow: /\n");
});

test("the icons are served without signing in, and pages link them", async ({ request }) => {
  const ico = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect([...(await ico.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);

  const svg = await request.get("/icon.svg", { maxRedirects: 0 });
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toMatch(/^image\/svg\+xml/);

  const signIn = await (await request.get("/signin")).text();
  expect(signIn).toContain('<link rel="icon" href="/icon.svg" type="image/svg+xml"');
  expect(signIn).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32"');
});
