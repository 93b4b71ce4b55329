import { closeDatabase } from "@/lib/db";

/** A command used wrongly (bad or missing arguments, an unknown name): exits 2, not 1. */
export class CliUsageError extends Error {}

/**
 * Runs a command-line entry point: closes the database afterwards and exits explicitly (pools and
 * the embedded database would keep the process alive), 1 with the error's message on failure, 2
 * for a CliUsageError.
 */
export function runCli(main: () => Promise<void>): void {
  main()
    .finally(closeDatabase)
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(error instanceof CliUsageError ? 2 : 1);
      },
    );
}
