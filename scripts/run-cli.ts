import { closeDatabase } from "@/lib/db";

/**
 * Runs a command-line entry point: closes the database afterwards and exits explicitly (pools and
 * the embedded database would keep the process alive), 1 with the error's message on failure. An
 * entry point may set `process.exitCode` itself (2 for refused input).
 */
export function runCli(main: () => Promise<void>): void {
  main()
    .finally(closeDatabase)
    .then(
      () => process.exit(process.exitCode ?? 0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
}
