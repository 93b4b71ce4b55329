import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/openapi.json/route";
import { HTTP_METHODS } from "@/lib/api/methods";
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

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Operation = { operationId?: string; tags?: string[]; security?: Record<string, string[]>[]; responses: Record<string, unknown> };

const readDocument = async () => (await GET(new Request("http://localhost/api/openapi.json"), { params: Promise.resolve({}) })).json();
const UNDOCUMENTED = (file: string) =>
  file.includes(`${path.sep}auth${path.sep}`) || file.includes("openapi.json") || file.includes("[...path]");

function operations(document: { paths: Record<string, Record<string, Operation>> }): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([method, operation]) => [`${method.toUpperCase()} ${p}`, operation] as [string, Operation]),
  );
}

/** What a route implements, as its 405 answer's Allow header says (HEAD comes with GET). */
async function implementedMethods(file: string): Promise<string[]> {
  const route = (await import(`@/${file.split(path.sep).join("/")}`)) as Record<string, Handler>;
  // OPTIONS: no API route implements it (a method a route implements would answer 401 there).
  const response = await route.OPTIONS!(new Request("http://localhost:3000/api/x", { method: "OPTIONS" }), { params: Promise.resolve({}) });
  return response.headers
    .get("allow")!
    .split(", ")
    .filter((method) => method !== "HEAD" && HTTP_METHODS.includes(method as never));
}

describe("GET /api/openapi.json", () => {
  it("has an operation for every method every API route implements, and none it does not", async () => {
    const document = await readDocument();
    const files = routeFiles("app/api").filter((file) => !UNDOCUMENTED(file));
    const implemented = (
      await Promise.all(files.map(async (file) => (await implementedMethods(file)).map((m) => `${m} ${apiPath(file)}`)))
    ).flat();
    expect(
      operations(document)
        .map(([name]) => name)
        .sort(),
    ).toEqual(implemented.sort());
  });

  it("gives every operation a unique camelCase operationId, a declared tag, a declared security scheme and 4xx answers", async () => {
    const document = await readDocument();
    const ids = operations(document).map(([, operation]) => operation.operationId);
    expect(ids.every((id) => /^[a-z][a-zA-Z]+$/.test(id ?? ""))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(document.tags.map((tag: { name: string; description?: string }) => tag.description && tag.name));
    const schemes = Object.keys(document.components.securitySchemes);
    for (const [name, operation] of operations(document)) {
      expect(operation.tags?.length && operation.tags.every((tag) => tags.has(tag)), `${name} tags`).toBe(true);
      expect(
        operation.security?.flatMap(Object.keys).every((scheme) => schemes.includes(scheme)),
        `${name} security`,
      ).toBe(true);
      expect(
        Object.keys(operation.responses).some((status) => /^4\d\d$/.test(status)),
        `${name} 4xx`,
      ).toBe(true);
    }
    expect(document.servers).toEqual([expect.objectContaining({ url: "/" })]);
  });

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
    expect(Object.keys(response.properties).sort()).toEqual([
      "comparison",
      "completeThrough",
      "cost",
      "daily",
      "generatedAt",
      "granularity",
      "period",
      "totals",
      "totalsByWorkspace",
      "workspaces",
    ]);
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
