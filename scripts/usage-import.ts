// npm run usage:import -- --workspace <slug|id> --file daily.csv --by <staff email> [--replace]
// Imports daily usage history (CSV date,productArea,quantity; dates in the workspace's time zone)
// for days before the workspace was metered here. All or nothing; idempotent; audited.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ImportRefused, importUsageHistory } from "@/lib/usage/import-usage-history";
import { runCli } from "./run-cli";

const USAGE = "Usage: npm run usage:import -- --workspace <slug|id> --file daily.csv --by <staff email> [--replace]";

async function main() {
  const { values } = parseArgs({
    options: { workspace: { type: "string" }, file: { type: "string" }, by: { type: "string" }, replace: { type: "boolean" } },
  });
  if (!values.workspace || !values.file || !values.by) throw new Error(USAGE);
  try {
    const result = await importUsageHistory({
      workspace: values.workspace,
      csv: readFileSync(values.file, "utf8"),
      by: values.by,
      replace: values.replace,
    });
    console.log(
      `${result.workspace}: ${result.rows} rows from ${result.from} to ${result.to}; ${result.changed} written${result.changed ? " (audited)" : ", nothing changed"}.`,
    );
  } catch (error) {
    if (error instanceof ImportRefused) throw new Error(`Refused: ${error.message}`);
    throw error;
  }
}

runCli(main);
