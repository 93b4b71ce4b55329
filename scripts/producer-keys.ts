// npm run producer-keys -- create --name <name> --areas <a,b|all> --workspaces <ids|all> [--expires <days>] | list | revoke <name> | rotate <name> [--overlap <hours>]
// Operators give each metering producer its own key (docs/producers.md); every change is audited. Bad input exits 2.
import { ProducerKeyRefused } from "@/lib/metering/manage-producer-keys";
import { producerKeysCommand } from "@/lib/metering/producer-keys-command";
import { CliUsageError, runCli } from "./run-cli";

runCli(async () => {
  try {
    for (const line of await producerKeysCommand(process.argv.slice(2))) console.log(line);
  } catch (error) {
    throw error instanceof ProducerKeyRefused ? new CliUsageError(`Refused: ${error.message}`) : error;
  }
});
