// Vitest global setup: one embedded database, migrated once, dumped to a file that every
// integration test file starts from (tests/setup/database.ts). Booting PGlite from an empty data
// directory (its initdb) costs seconds per file; loading the dump costs a fraction of that.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { pgliteSession } from "@/lib/db/sql-session";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_POSTGRES_URL || process.env.DATABASE_URL) {
    project.provide("pgliteSnapshot", "");
    return;
  }
  const folder = mkdtempSync(path.join(tmpdir(), "billing-pglite-snapshot-"));
  const file = path.join(folder, "migrated.tar");
  const pglite = new PGlite("memory://");
  await applyMigrations(await pgliteSession(pglite), await readMigrations());
  writeFileSync(file, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
  await pglite.close();
  project.provide("pgliteSnapshot", file);
  return () => rmSync(folder, { recursive: true, force: true });
}
