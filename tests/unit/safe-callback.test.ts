import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

describe("safeCallbackPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallbackPath("/w/acme/billing?period=2026-10#chart")).toBe("/w/acme/billing?period=2026-10#chart");
    expect(safeCallbackPath(["/workspaces?page=2", "/other"])).toBe("/workspaces?page=2");
  });

  it.each([
    undefined,
    "",
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "\\/evil.example",
    "/.//evil.example",
    "javascript:alert(1)",
  ])("sends %j to the workspace list instead of anywhere else", (value) => {
    expect(safeCallbackPath(value)).toBe("/workspaces");
  });

  it("never returns something a browser would resolve to another origin", () => {
    for (const value of ["/%2F/evil.example", "/%5Cevil.example", "/%09/evil.example", "/..//evil.example", "/a/../..//evil.example"]) {
      const path = safeCallbackPath(value);
      expect(new URL(path, "https://billing.example").origin).toBe("https://billing.example");
    }
  });
});
