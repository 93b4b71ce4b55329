// npm run rebuild-usage -- --workspace <slug|id|all> --from YYYY-MM-DD --to YYYY-MM-DD [--by <staff email>]
// Rebuilds the daily read model and period rollups from the retained raw events: idempotent, safe
// while the consumer runs, audited (docs/operations-data.md#rebuilding-the-read-model).
import os from "node:os";
import { parseArgs } from "node:util";
import { RebuildRefused, rebuildUsage } from "@/lib/maintenance/rebuild-usage";
import { progress } from "./progress";
import { CliUsageError, runCli } from "./run-cli";

const USAGE = "Usage: npm run rebuild-usage -- --workspace <slug|id|all> --from YYYY-MM-DD --to YYYY-MM-DD [--by <staff email>]";

/** Who ran it when no staff account is named (decision 0075): the OS account on this host. */
function operatorName(): string {
  try {
    return `os:${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `os:unknown@${os.hostname()}`;
  }
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { workspace: { type: "string" }, from: { type: "string" }, to: { type: "string" }, by: { type: "string" } },
    }));
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.workspace || !values.from || !values.to) throw new CliUsageError(USAGE);
  let bar: ReturnType<typeof progress> | null = null;
  try {
    const results = await rebuildUsage({
      workspace: values.workspace,
      from: values.from,
      to: values.to,
      by: values.by,
      operator: values.by ?? operatorName(),
      onProgress: (p) => {
        bar ??= progress("rebuild-usage", p.total);
        bar.update(p.index - 1, `${p.workspace} ${p.from}..${p.to}: ${p.changedRows} rows corrected`);
      },
    });
    (bar as ReturnType<typeof progress> | null)?.done("workspaces");
    for (const r of results) {
      const skipped = r.skippedImportedThrough ? `; imported history through ${r.skippedImportedThrough} left as it is` : "";
      console.log(
        `${r.workspace}: ${r.from}..${r.to}: ${r.changedRows} daily rows and ${r.changedPeriods} period rollups corrected${skipped}.`,
      );
    }
    const changed = results.reduce((n, r) => n + r.changedRows + r.changedPeriods, 0);
    console.log(
      `${results.length} workspace(s) rebuilt (audited); ${changed ? `${changed} rows corrected` : "nothing needed correcting"}.`,
    );
  } catch (error) {
    if (error instanceof RebuildRefused) throw new CliUsageError(`Refused: ${error.message}`);
    throw error;
  }
}

runCli(main);
