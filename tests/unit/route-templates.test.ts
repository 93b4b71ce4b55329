// Every route is logged and measured under its own template, the path of its file under app/
// (`/api/billing/anomalies/[id]`): a bounded label, never the raw path. Found by walking app/api,
// so a new route cannot carry another route's label or none.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HTTP_METHODS, ROUTE_TEMPLATE } from "@/lib/api/methods";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full.split(path.sep).join("/")] : [];
  });
}

const files = routeFiles("app/api");

describe("route templates", () => {
  it("finds the routes, the catch-all among them", () => {
    expect(files).toContain("app/api/[...path]/route.ts");
    expect(files.length).toBeGreaterThan(15);
  });

  it.each(files)("%s labels every method with its own path", async (file) => {
    const template = `/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}`;
    const route = (await import(`@/${file}`)) as Record<string, unknown>;
    const labels = Object.fromEntries(
      HTTP_METHODS.map((method) => [method, (route[method] as { [ROUTE_TEMPLATE]?: string })?.[ROUTE_TEMPLATE]]),
    );
    expect(labels).toEqual(Object.fromEntries(HTTP_METHODS.map((method) => [method, template])));
  });
});
