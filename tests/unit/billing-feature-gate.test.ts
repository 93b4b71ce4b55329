// Every check of a billing permission names the billing-dashboard feature (or says why not): a new
// route or page that forgets the flag fails here, before anyone sees a hidden workspace's data.
// The types demand the same (lib/access/check-access.ts); this also catches a call the types
// cannot see through (an options object built elsewhere, a cast).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { BILLING_PERMISSIONS } from "@/lib/access/permissions";

const CHECKS = new Set(["withWorkspace", "requirePageWorkspace", "checkAccess"]);
const BILLING: ReadonlySet<string> = new Set(BILLING_PERMISSIONS);
// Where the check itself lives and forwards what it was given.
const FORWARDERS = new Set(["lib/access/check-access.ts", "lib/access/page-workspace.ts", "lib/api/route.ts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The checks of a billing permission in `source` that name no feature, as "line: text". */
export function ungatedBillingChecks(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && CHECKS.has(node.expression.text)) {
      for (const arg of node.arguments) {
        const billing = ts.isStringLiteral(arg) ? BILLING.has(arg.text) : ts.isObjectLiteralExpression(arg) && ungated(arg);
        if (billing) found.push(`${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 120)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function ungated(options: ts.ObjectLiteralExpression): boolean {
  const property = (name: string) =>
    options.properties.find((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText() === name);
  const permission = property("permission");
  const value = permission && ts.isPropertyAssignment(permission) ? permission.initializer : undefined;
  return value !== undefined && ts.isStringLiteralLike(value) && BILLING.has(value.text) && property("feature") === undefined;
}

describe("billing permissions are checked with the billing-dashboard feature", () => {
  it("finds a route or a page that forgets the flag", () => {
    const route = `export const GET = withWorkspace({ permission: "usage:view", query }, async () => new Response());`;
    const page = `const page = await requirePageWorkspace(slug, { permission: "anomalies:view" });`;
    const oldPage = `const page = await requirePageWorkspace(slug, "usage:export");`;
    const gated = `withWorkspace({ permission: "usage:view", feature: "billing-dashboard" }, handler);`;
    const audit = `requirePageWorkspace(slug, { permission: "audit:view" });`;
    expect(ungatedBillingChecks("route.ts", route)).toHaveLength(1);
    expect(ungatedBillingChecks("page.tsx", page)).toHaveLength(1);
    expect(ungatedBillingChecks("page.tsx", oldPage)).toHaveLength(1);
    expect(ungatedBillingChecks("route.ts", gated)).toEqual([]);
    expect(ungatedBillingChecks("page.tsx", audit)).toEqual([]);
  });

  it("in every route, page, layout, component and domain module", () => {
    const files = ["app", "components", "lib"].flatMap(sourceFiles).filter((file) => !FORWARDERS.has(file.split(path.sep).join("/")));
    expect(files.length).toBeGreaterThan(100);
    const ungatedChecks = files.flatMap((file) => ungatedBillingChecks(file, readFileSync(file, "utf8")).map((hit) => `${file}:${hit}`));
    expect(ungatedChecks).toEqual([]);
  });

  it("every route file that checks a workspace permission goes through withWorkspace, and pages through requirePageWorkspace or checkAccess", () => {
    const offenders = sourceFiles("app").filter((file) =>
      /\b(requireWorkspacePermission|requireAllPermittedWorkspaces|requireResourceAccess|workspaceAccessBySlug)\(/.test(
        readFileSync(file, "utf8"),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
