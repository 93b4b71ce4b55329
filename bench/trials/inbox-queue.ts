// Trial (not the app's design): the consumer's cost with today's queue, where it UPDATEs every
// event, against an inbox table it DELETEs from. Same events, same rollup, one PostgreSQL, one
// client, run sequentially (docs/performance.md, "Trial: an inbox the consumer deletes from").
// It changes the schema of the database it runs on, so it runs only on a scratch database
// whose name ends in _trial:
//   createdb -h 127.0.0.1 -U postgres billing_inbox_trial
//   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/billing_inbox_trial
//   npm run db:migrate && DEMO_MODE=1 npm run db:seed
//   npx tsx bench/trials/inbox-queue.ts 200000
import { scratchDatabaseClient } from "./scratch-database";
const N = Number(process.argv[2] ?? 200_000);
const client = await scratchDatabaseClient();
const pairs = [
  ["ws_acme", "compute", "vCPU-hours"],
  ["ws_acme", "storage", "GB-days"],
  ["ws_globex", "compute", "vCPU-hours"],
  ["ws_initech", "compute", "vCPU-hours"],
];
const units = Object.fromEntries((await client.query(`SELECT key, unit FROM "ProductArea"`)).rows.map((r) => [r.key, r.unit]));
const now = Date.now();
function batch(variant: string, b: number) {
  return JSON.stringify(
    Array.from({ length: 1000 }, (_, i) => {
      const [w, p] = pairs[(b * 1000 + i) % pairs.length]!;
      return {
        w,
        e: `${variant}-${b}-${i}`,
        p,
        q: "1.25",
        u: units[p!],
        o: new Date(now - ((b * 7919 + i * 104729) % 172_800_000)).toISOString(),
        pr: null,
      };
    }),
  );
}
async function time(label: string, f: () => Promise<void>) {
  const t = performance.now();
  await f();
  const ms = performance.now() - t;
  console.log(`${label}: ${ms.toFixed(0)} ms, ${((ms * 1000) / N).toFixed(2)} µs/event`);
  return ms;
}
const INSERT_A = `INSERT INTO "MeteringEvent" ("workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source)
  SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, 'api' FROM jsonb_to_recordset($1::jsonb) AS t(w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb)
  ON CONFLICT ("workspaceId", "eventId") DO NOTHING`;
const INSERT_B = `WITH ins AS (${INSERT_A} RETURNING seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt")
  INSERT INTO "MeteringInbox" SELECT * FROM ins`;
const ROLLUP = (claimed: string) => `, claimed AS (
    SELECT c.seq, c."workspaceId", c."productArea", c.unit, c.quantity, (c."occurredAt" AT TIME ZONE w."timeZone")::date AS usage_date
      FROM ${claimed} c JOIN "Workspace" w ON w.id = c."workspaceId"
  ), rolled_up AS (
    INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
    SELECT "workspaceId", "productArea", usage_date, sum(quantity), min(unit), count(*), now() FROM claimed
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("workspaceId", "productArea", "usageDate") DO UPDATE
       SET quantity = "BillingUsageDaily".quantity + EXCLUDED.quantity, "sourceEventCount" = "BillingUsageDaily"."sourceEventCount" + EXCLUDED."sourceEventCount"
    RETURNING 1)`;
const CONSUME_A = `WITH claimed_events AS (
    SELECT e.seq, e."workspaceId", e."productArea", e.unit, e.quantity, e."occurredAt" FROM "MeteringEvent" e
     WHERE e."processedAt" IS NULL ORDER BY e.seq LIMIT 5000 FOR UPDATE SKIP LOCKED
  )${ROLLUP("claimed_events")}, marked AS (
    UPDATE "MeteringEvent" m SET "processedAt" = now(), "usageDate" = c.usage_date, "lateAdjustment" = false FROM claimed c WHERE m.seq = c.seq RETURNING 1)
  SELECT (SELECT count(*) FROM marked) AS n, (SELECT count(*) FROM rolled_up) AS r`;
const CONSUME_B = `WITH claimed_events AS (
    DELETE FROM "MeteringInbox" WHERE seq IN (SELECT seq FROM "MeteringInbox" ORDER BY seq LIMIT 5000 FOR UPDATE SKIP LOCKED)
    RETURNING seq, "workspaceId", "productArea", unit, quantity, "occurredAt"
  )${ROLLUP("claimed_events")}
  SELECT (SELECT count(*) FROM claimed) AS n, (SELECT count(*) FROM rolled_up) AS r`;
async function run(variant: "A" | "B") {
  await client.query(`TRUNCATE "MeteringEvent", "BillingUsageDaily" CASCADE`);
  await client.query(`CHECKPOINT`);
  const ingest = await time(`${variant} ingest`, async () => {
    for (let b = 0; b < N / 1000; b++) await client.query(variant === "A" ? INSERT_A : INSERT_B, [batch(variant, b)]);
  });
  const consume = await time(`${variant} consume`, async () => {
    for (;;) {
      await client.query("BEGIN");
      await client.query(`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`);
      const { rows } = await client.query(variant === "A" ? CONSUME_A : CONSUME_B);
      await client.query("COMMIT");
      if (Number(rows[0].n) === 0) break;
    }
  });
  const sum = (await client.query(`SELECT sum("sourceEventCount")::int AS n FROM "BillingUsageDaily"`)).rows[0].n;
  console.log(`${variant}: total ${(((ingest + consume) * 1000) / N).toFixed(2)} µs/event; read model events ${sum}`);
}
await client.query(
  `CREATE TABLE IF NOT EXISTS "MeteringInbox" (seq bigint PRIMARY KEY, "workspaceId" text NOT NULL, "productArea" text NOT NULL, unit text NOT NULL, quantity numeric(38,12) NOT NULL, "occurredAt" timestamptz(3) NOT NULL, "receivedAt" timestamptz(3) NOT NULL)`,
);
const queueIndexes = async (on: boolean) =>
  client.query(
    on
      ? `CREATE INDEX IF NOT EXISTS "MeteringEvent_unprocessed_idx" ON "MeteringEvent" ("seq") WHERE "processedAt" IS NULL; CREATE INDEX IF NOT EXISTS "MeteringEvent_unprocessed_workspace_idx" ON "MeteringEvent" ("workspaceId", "seq") WHERE "processedAt" IS NULL`
      : `DROP INDEX IF EXISTS "MeteringEvent_unprocessed_idx"; DROP INDEX IF EXISTS "MeteringEvent_unprocessed_workspace_idx"`,
  );
for (let round = 0; round < 2; round++) {
  await queueIndexes(true);
  await run("A");
  await queueIndexes(false);
  await run("B");
}
await queueIndexes(true);
await client.end();
