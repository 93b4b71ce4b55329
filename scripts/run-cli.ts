import { closeDatabase } from "@/lib/db";

/**
 * Runs a command-line entry point: closes the database afterwards and exits explicitly (pools and
 * the embedded database would keep the process alive), 1 with the error's message on failure.
 */
export function runCli(main: () => Promise<void>): void {
  main()
    .finally(closeDatabase)
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
}
