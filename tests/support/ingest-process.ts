// An app process as a producer sees it, for the kill -9 test of ingest (tests/postgres/consumer-faults.test.ts):
// ingests the requests in INGEST_BATCHES_FILE from INGEST_START on, in the product's own way
// (METERING_APPLY) and on the test's clock (INGEST_NOW), and prints `ack <index> <accepted> <duplicates> <rejected>` once each answer
// is committed, as a 202 would be. Killed at any moment, it is restarted from the first request
// without an ack: the producer re-sends what it was not answered.
import { readFileSync } from "node:fs";
import { closeDatabase } from "@/lib/db";
import { ingestEvents } from "@/lib/metering/ingest-events";

async function main(): Promise<void> {
  const batches = JSON.parse(readFileSync(process.env.INGEST_BATCHES_FILE!, "utf8")) as Record<string, unknown>[][];
  const now = new Date(process.env.INGEST_NOW!);
  console.log("ready");
  for (let index = Number(process.env.INGEST_START ?? 0); index < batches.length; index++) {
    const result = await ingestEvents(
      batches[index]!.map((value) => ({ value })),
      { source: "api", now },
    );
    console.log(`ack ${index} ${result.accepted} ${result.duplicates} ${result.rejected.length}`);
  }
  console.log("done");
  await closeDatabase();
}

void main();
