// The layering check `npm run lint` runs (scripts/import-graph.ts): on a small tree built for the
// purpose, then on this one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyseImports } from "@/scripts/import-graph";

const root = mkdtempSync(path.join(tmpdir(), "import-graph-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

write("lib/api/errors.ts", 'import { total } from "@/lib/usage/report";\nexport const status = total;\n');
write("lib/usage/report.ts", 'import type { status } from "@/lib/api/errors";\nexport const total = 1;\nexport type S = typeof status;\n');
write("lib/db/pool.ts", 'export const pool = () => import("../usage/report");\n');
write("lib/metering/ingest.ts", 'import type { Stored } from "./store";\nexport type Source = "api" | Stored;\n');
write("lib/metering/store.ts", 'import { type Source } from "./ingest";\nexport type Stored = Exclude<Source, "api">;\n');
write(
  "app/page.tsx",
  'import { status } from "@/lib/api/errors";\nimport "./globals.css";\nimport { z } from "zod";\nexport default () => [status, z];\n',
);

describe("the import check", () => {
  it("lists imports pointing up the layers, type-only and dynamic ones included, and nothing else", () => {
    const report = analyseImports(root);
    expect(report.files).toHaveLength(6);
    expect(report.upward).toEqual([
      { from: "lib/db/pool.ts", to: "lib/usage/report.ts", typeOnly: false },
      { from: "lib/usage/report.ts", to: "lib/api/errors.ts", typeOnly: true },
    ]);
  });

  it("finds each set of files importing each other in a cycle, through type-only imports too", () => {
    expect(analyseImports(root).cycles).toEqual([
      ["lib/api/errors.ts", "lib/usage/report.ts"],
      ["lib/metering/ingest.ts", "lib/metering/store.ts"],
    ]);
  });

  it("finds neither in this code base", () => {
    const report = analyseImports(process.cwd());
    expect(report.files.length).toBeGreaterThan(200);
    expect({ upward: report.upward, cycles: report.cycles }).toEqual({ upward: [], cycles: [] });
  });
});
