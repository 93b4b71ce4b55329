// Every route module answers every method: the ones it does not implement with 405, the standard
// error body and an Allow header. Found by walking app/api, so a new route cannot forget it.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ORIGINAL_METHOD_HEADER } from "@/lib/api/entry-headers";
import { HTTP_METHODS } from "@/lib/api/methods";

// next-auth's route is the auth engineer's; once it is wired through routeMethods, drop it here.
const NOT_WIRED = new Set(["app/api/auth/[...nextauth]/route.ts"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full.split(path.sep).join("/")] : [];
  });
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const files = routeFiles("app/api").filter((file) => !NOT_WIRED.has(file));
const call = (handler: Handler, method: string, headers: Record<string, string> = {}) =>
  handler(new Request("http://localhost:3000/api/anything", { method, headers }), { params: Promise.resolve({}) });

describe("route methods", () => {
  it.each(files)("%s exports every method", async (file) => {
    const route = (await import(`@/${file}`)) as Record<string, unknown>;
    expect(HTTP_METHODS.filter((method) => typeof route[method] !== "function")).toEqual([]);
  });

  it.each(files.filter((file) => !file.includes("[...path]")))("%s answers 405 with Allow to what it does not implement", async (file) => {
    const route = (await import(`@/${file}`)) as Record<string, Handler>;
    // What the route implements, from the Allow of a method no API route implements.
    const implemented = (await call(route.OPTIONS!, "OPTIONS")).headers.get("allow")!.split(", ");
    const refused = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter((method) => !implemented.includes(method));
    for (const method of refused) {
      const response = await call(route[method]!, method);
      expect(response.status, `${method} ${file}`).toBe(405);
      const allow = response.headers.get("allow")!;
      expect(allow).toMatch(/^(GET, HEAD|POST|PATCH|DELETE|GET, HEAD, POST|GET, HEAD, PUT|GET, HEAD, PUT, DELETE)$/);
      expect(await response.json()).toEqual({
        error: { code: "method_not_allowed", message: expect.stringContaining(method), details: { allow: allow.split(", ") } },
      });
      expect(response.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("answers a TRACE (which arrives as OPTIONS) with 405 naming TRACE", async () => {
    const route = (await import("@/app/api/workspaces/route")) as Record<string, Handler>;
    const response = await call(route.OPTIONS!, "OPTIONS", { [ORIGINAL_METHOD_HEADER]: "TRACE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect((await response.json()).error.message).toMatch(/^TRACE /);
  });

  it("answers any method on an unknown /api path with a JSON 404", async () => {
    const route = (await import("@/app/api/[...path]/route")) as Record<string, Handler>;
    for (const method of HTTP_METHODS) {
      const response = await call(route[method]!, method);
      expect(response.status).toBe(404);
      if (method !== "HEAD")
        expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.stringContaining("/api/anything") } });
    }
  });
});
