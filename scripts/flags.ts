// npm run flags -- set billing-dashboard cohort 10 | allow|deny|unallow|undeny <flag> <workspace>... | show [flag]
// Staff roll features out to workspaces (docs/rollout.md); every change is audited. Bad input exits 2.
import { FlagRefused } from "@/lib/rollout/change-flag";
import { flagsCommand } from "@/lib/rollout/flags-command";
import { CliUsageError, runCli } from "./run-cli";

runCli(async () => {
  try {
    for (const line of await flagsCommand(process.argv.slice(2))) console.log(line);
  } catch (error) {
    throw error instanceof FlagRefused ? new CliUsageError(`Refused: ${error.message}`) : error;
  }
});
