// The dashboard's client code must not pull server-side libraries into the browser bundle: a
// value import of a zod schema module once added zod to the billing page's JavaScript.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const SERVER_ONLY = ["zod", "pg", "@prisma/client", "@electric-sql/pglite", "node:crypto", "node:fs"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Modules a file imports for their values (type-only imports vanish from the bundle). */
function valueImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const onlyTypes = (clause: string) =>
    /^\{[^}]*\}$/.test(clause) &&
    clause
      .slice(1, -1)
      .split(",")
      .every((part) => part.trim() === "" || part.trim().startsWith("type "));
  return [...source.matchAll(/^import\s+(?!type\s)([^;]*?)\s+from\s+"([^"]+)";/gms)]
    .filter(([, clause]) => !onlyTypes(clause!.trim()))
    .map(([, , specifier]) => specifier!);
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  return [".ts", ".tsx", "/index.ts"].map((ext) => base + ext).find(existsSync) ?? null;
}

describe("client components", () => {
  it("reach no server-only library through their value imports", () => {
    const clientFiles = files(path.join(ROOT, "components")).filter((f) => /^["']use client["']/.test(readFileSync(f, "utf8")));
    expect(clientFiles.length).toBeGreaterThan(5);
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const specifier of valueImports(file)) {
        if (SERVER_ONLY.includes(specifier)) offenders.push([...trail, path.relative(ROOT, file), specifier].join(" → "));
        const local = resolveLocal(file, specifier);
        if (local) visit(local, [...trail, path.relative(ROOT, file)]);
      }
    };
    for (const file of clientFiles) visit(file, []);
    expect(offenders).toEqual([]);
  });
});
