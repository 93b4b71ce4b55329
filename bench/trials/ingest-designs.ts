// Trial (decision 0108): PostgreSQL's CPU per event to store AND apply events to the daily read
// model, in three designs, read from the backends' /proc entries (the client's own work is not
// counted), plus the wall time of one client storing the batches one after the other and then
// applying them:
//   Q  today: the event and its MeteringInbox row per event; the consumer DELETEs a batch from the
//      inbox and rolls it up (the statement of lib/metering/apply-batch.ts);
//   W  no queue row: each event carries its transaction id (xid8) under an index; the consumer
//      reads the events between its watermark and the oldest transaction still running, rolls
//      them up and moves the watermark, in one transaction;
//   A  applied at ingest: the request's statement stores the events and adds their per-day sums
//      to the read model in the same transaction (no consumer).
// Runs only on a scratch database whose name ends in _trial (it changes the schema):
//   createdb -h 127.0.0.1 -U postgres billing_ingest_trial
//   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/billing_ingest_trial
//   npm run db:migrate && DEMO_MODE=1 npm run db:seed
//   npx tsx bench/trials/ingest-designs.ts 200000
import { readFileSync } from "node:fs";
import pg from "pg";
import { scratchDatabaseClient } from "./scratch-database";

const N = Number(process.argv[2] ?? 200_000);
const BATCH = 5000; // the consumer's default batch size
const ingest = await scratchDatabaseClient();
const consumer = await scratchDatabaseClient();
const pidOf = async (c: pg.Client): Promise<number> => (await c.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
const pids = [await pidOf(ingest), await pidOf(consumer)];
const ticks = () =>
  pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return sum + Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
  }, 0);

const pairs = (
  await ingest.query<{ w: string; p: string; u: string }>(
    `SELECT w.id AS w, a.key AS p, a.unit AS u FROM "Workspace" w CROSS JOIN "ProductArea" a WHERE w.id IN ('ws_acme', 'ws_globex', 'ws_initech') ORDER BY 1, 2`,
  )
).rows;
const start = Date.now();
const batchJson = (variant: string, b: number) =>
  JSON.stringify(
    Array.from({ length: 1000 }, (_, i) => {
      const { w, p, u } = pairs[(b * 1000 + i) % pairs.length]!;
      const o = new Date(start - ((b * 7919 + i * 104729) % 172_800_000)).toISOString();
      return { w, e: `${variant}-${b}-${i}`, p, q: "1.25", u, o, pr: null };
    }).sort((x, y) => (x.w < y.w ? -1 : x.w > y.w ? 1 : x.e < y.e ? -1 : 1)),
  );

const RECORDSET = `jsonb_to_recordset($1::jsonb) AS t(w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb)`;
const COLUMNS = `"workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source`;
const RETURNED = `seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt"`;

// The per-(workspace, day) judgement and the three writes the consumer makes today.
const rollUp = (source: string) => `
  with_workspace AS (
    SELECT c."workspaceId", c."productArea", c.unit, c.quantity,
           (c."occurredAt" AT TIME ZONE w."timeZone")::date AS usage_date, w."timeZone" AS time_zone, w."billingAnchorDay" AS anchor
      FROM ${source} c JOIN "Workspace" w ON w.id = c."workspaceId"
  ), days AS (
    SELECT "workspaceId", usage_date,
           now() > ((billing_period_start(usage_date, min(anchor)) + interval '1 month')::date::timestamp AT TIME ZONE min(time_zone)) + interval '48 hours' AS late,
           usage_date < ((now() + interval '10 minutes') AT TIME ZONE min(time_zone))::date AS past
      FROM with_workspace GROUP BY 1, 2
  ), rolled_up AS (
    INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
    SELECT "workspaceId", "productArea", usage_date, sum(quantity), min(unit), count(*), now()
      FROM with_workspace GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("workspaceId", "productArea", "usageDate") DO UPDATE
       SET quantity = "BillingUsageDaily".quantity + EXCLUDED.quantity,
           "sourceEventCount" = "BillingUsageDaily"."sourceEventCount" + EXCLUDED."sourceEventCount", "updatedAt" = now()
    RETURNING 1
  ), versions AS (
    INSERT INTO "UsageVersion" ("workspaceId", version, "historyVersion", "updatedAt")
    SELECT "workspaceId", 1, bool_or(past)::int, now() FROM days GROUP BY 1 ORDER BY 1
    ON CONFLICT ("workspaceId") DO UPDATE SET version = "UsageVersion".version + 1,
       "historyVersion" = "UsageVersion"."historyVersion" + EXCLUDED."historyVersion", "updatedAt" = now()
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM with_workspace) AS applied, (SELECT count(*) FROM rolled_up) + (SELECT count(*) FROM versions) AS written`;
const BUMP = `INSERT INTO "UsageRevision" (id, revision) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET revision = "UsageRevision".revision + 1`;

interface Design {
  label: string;
  setUp: string;
  store: (json: string) => Promise<void>;
  /** Applies what is waiting; returns the number of events applied (0: nothing left). */
  apply: () => Promise<number>;
}

const inTransaction = async (c: pg.Client, work: () => Promise<number>) => {
  await c.query("BEGIN");
  const n = await work();
  await c.query("COMMIT");
  return n;
};

const designs: Design[] = [
  {
    label: "Q  today: event + inbox row, consumer",
    setUp: `ALTER TABLE "MeteringEvent" DROP COLUMN IF EXISTS xid; DROP TABLE IF EXISTS consumer_watermark`,
    store: async (json) => {
      await ingest.query(
        `WITH accepted AS (INSERT INTO "MeteringEvent" (${COLUMNS}) SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, 'api' FROM ${RECORDSET} RETURNING ${RETURNED})
         INSERT INTO "MeteringInbox" (${RETURNED}) SELECT ${RETURNED} FROM accepted`,
        [json],
      );
    },
    apply: () =>
      inTransaction(consumer, async () => {
        await consumer.query(`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`);
        const { rows } = await consumer.query(
          `WITH claimed AS (DELETE FROM "MeteringInbox" WHERE seq IN (SELECT seq FROM "MeteringInbox" ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
             RETURNING "workspaceId", "productArea", unit, quantity, "occurredAt"), ${rollUp("claimed")}`,
        );
        if (Number(rows[0].applied) > 0) await consumer.query(BUMP);
        return Number(rows[0].applied);
      }),
  },
  {
    label: "W  event with its xid, consumer behind a watermark",
    setUp: `ALTER TABLE "MeteringEvent" ADD COLUMN IF NOT EXISTS xid xid8 NOT NULL DEFAULT pg_current_xact_id();
            CREATE INDEX IF NOT EXISTS "MeteringEvent_xid_seq_idx" ON "MeteringEvent" (xid, seq);
            CREATE TABLE IF NOT EXISTS consumer_watermark (id int PRIMARY KEY, xid xid8 NOT NULL, seq bigint NOT NULL);
            INSERT INTO consumer_watermark VALUES (1, '0', 0) ON CONFLICT (id) DO UPDATE SET xid = '0', seq = 0`,
    store: async (json) => {
      await ingest.query(`INSERT INTO "MeteringEvent" (${COLUMNS}) SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, 'api' FROM ${RECORDSET}`, [
        json,
      ]);
    },
    apply: () =>
      inTransaction(consumer, async () => {
        // Events of transactions below the horizon are all committed or gone: none can appear
        // behind the watermark later. One consumer at a time: the watermark row's lock.
        const { rows } = await consumer.query(
          `WITH mark AS (SELECT xid, seq FROM consumer_watermark WHERE id = 1 FOR UPDATE),
           picked AS (
             SELECT e.xid, e.seq, e."workspaceId", e."productArea", e.unit, e.quantity, e."occurredAt" FROM "MeteringEvent" e, mark m
              WHERE (e.xid, e.seq) > (m.xid, m.seq) AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
              ORDER BY e.xid, e.seq LIMIT ${BATCH}
           ), moved AS (
             UPDATE consumer_watermark w SET xid = l.xid, seq = l.seq
               FROM (SELECT xid, seq FROM picked ORDER BY xid DESC, seq DESC LIMIT 1) l WHERE w.id = 1 RETURNING 1
           ), ${rollUp("picked")}`,
        );
        if (Number(rows[0].applied) > 0) await consumer.query(BUMP);
        return Number(rows[0].applied);
      }),
  },
  {
    label: "A  applied at ingest, same transaction",
    setUp: `ALTER TABLE "MeteringEvent" DROP COLUMN IF EXISTS xid; DROP TABLE IF EXISTS consumer_watermark`,
    store: async (json) => {
      await inTransaction(ingest, async () => {
        await ingest.query(
          `WITH accepted AS (INSERT INTO "MeteringEvent" (${COLUMNS}) SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, 'api' FROM ${RECORDSET} RETURNING ${RETURNED}), ${rollUp("accepted")}`,
          [json],
        );
        await ingest.query(BUMP);
        return 0;
      });
    },
    apply: async () => 0,
  },
];

async function run(design: Design) {
  await ingest.query(`TRUNCATE "MeteringEvent", "MeteringInbox", "BillingUsageDaily" CASCADE`);
  await ingest.query(design.setUp);
  await ingest.query(`CHECKPOINT`);
  const t0 = performance.now();
  const c0 = ticks();
  for (let b = 0; b < N / 1000; b++) await design.store(batchJson(design.label[0]!, b));
  const stored = performance.now();
  while ((await design.apply()) > 0);
  const wall = performance.now() - t0;
  const cpu = (ticks() - c0) * 10; // ms
  const { rows } = await ingest.query(`SELECT sum("sourceEventCount")::int AS n FROM "BillingUsageDaily"`);
  const per = (ms: number) => ((ms * 1000) / N).toFixed(2);
  console.log(
    `${design.label.padEnd(52)} backend CPU ${per(cpu)} µs/event; wall ${per(wall)} µs/event (store ${per(stored - t0)}, apply ${per(wall - (stored - t0))}); applied ${rows[0].n}`,
  );
}

for (let round = 0; round < 3; round++) for (const design of designs) await run(design);
await ingest.query(designs[0]!.setUp);
await ingest.end();
await consumer.end();
