import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/openapi.json/route";
import { usageQueryInput } from "@/lib/usage/usage-query";
import { workspacesQuery } from "@/lib/workspaces/workspace-search";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

function apiPath(file: string): string {
  const relative = path.relative("app", path.dirname(file)).split(path.sep).join("/");
  return `/${relative}`.replace(/\[([^\]]+)\]/g, "{$1}");
}

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document describing every API route (except next-auth's own, itself and the unknown-path 404)", async () => {
    const document = await (await GET(new Request("http://localhost/api/openapi.json"), { params: Promise.resolve({}) })).json();
    expect(document.openapi).toBe("3.1.0");
    const documented = Object.keys(document.paths).sort();
    const routes = routeFiles("app/api")
      .map(apiPath)
      .filter((p) => !p.startsWith("/api/auth/") && p !== "/api/openapi.json" && p !== "/api/{...path}")
      .sort();
    expect(documented).toEqual(routes);
  });

  it("documents the usage query with the same parameters the handler validates", async () => {
    const document = await (await GET(new Request("http://localhost/api/openapi.json"), { params: Promise.resolve({}) })).json();
    const parameters = document.paths["/api/billing/usage"].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toEqual(["workspaceId", ...Object.keys(usageQueryInput.shape)]);
    const response = document.paths["/api/billing/usage"].get.responses["200"].content["application/json"].schema;
    expect(Object.keys(response.properties).sort()).toEqual(
      ["comparison", "completeThrough", "daily", "generatedAt", "period", "totals", "totalsByWorkspace", "workspaces"],
    );
    expect(document.paths["/api/billing/usage"].get.responses["403"]).toBeDefined();
  });

  it("documents the workspaces list's optional query parameters and its total", async () => {
    const document = await (await GET(new Request("http://localhost/api/openapi.json"), { params: Promise.resolve({}) })).json();
    const { parameters, responses } = document.paths["/api/workspaces"].get;
    expect(parameters.map((p: { name: string; required: boolean }) => `${p.name}:${p.required}`)).toEqual(
      Object.keys(workspacesQuery.shape).map((name) => `${name}:false`),
    );
    expect(parameters.find((p: { name: string }) => p.name === "permission").schema.enum).toContain("usage:view");
    const body = responses["200"].content["application/json"].schema;
    expect(Object.keys(body.properties).sort()).toEqual(["total", "workspaces"]);
    expect(body.required).toEqual(["workspaces"]);
    expect(responses["400"]).toBeDefined();
  });
});
