// Trial (not the app's design): PostgreSQL's CPU per event for the ingest INSERT in several forms,
// read from the backend process's /proc entry (so the client's own work is not counted), plus
// the wall time of one client sending the batches one after the other. It changes the schema of
// the database it runs on, so it runs only on a scratch database whose name ends in _trial:
//   createdb -h 127.0.0.1 -U postgres billing_ingest_trial
//   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/billing_ingest_trial
//   npm run db:migrate && DEMO_MODE=1 npm run db:seed
//   npx tsx bench/trials/ingest-statements.ts 200000
import { readFileSync } from "node:fs";
import { from as copyFrom } from "pg-copy-streams";
import { scratchDatabaseClient } from "./scratch-database";

const N = Number(process.argv[2] ?? 200_000);
const client = await scratchDatabaseClient();
const backendPid: number = (await client.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
const ticks = () => {
  const fields = readFileSync(`/proc/${backendPid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
};
const pairs = [
  ["ws_acme", "compute"],
  ["ws_acme", "storage"],
  ["ws_globex", "compute"],
  ["ws_initech", "compute"],
];
const units: Record<string, string> = Object.fromEntries(
  (await client.query(`SELECT key, unit FROM "ProductArea"`)).rows.map((r) => [r.key, r.unit]),
);
const start = Date.now();
const events = (variant: string, b: number) =>
  Array.from({ length: 1000 }, (_, i) => {
    const [w, p] = pairs[(b * 1000 + i) % pairs.length]!;
    return {
      w: w!,
      e: `${variant}-${b}-${i}`,
      p: p!,
      q: "1.25",
      u: units[p!]!,
      o: new Date(start - ((b * 7919 + i * 104729) % 172_800_000)).toISOString(),
    };
  });

const COLUMNS = `"workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source`;
const INSERT_JSON = `INSERT INTO "MeteringEvent" (${COLUMNS})
  SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, 'api' FROM jsonb_to_recordset($1::jsonb) AS t(w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb)
  ON CONFLICT ("workspaceId", "eventId") DO NOTHING`;
const INSERT_JSON_TEXT = INSERT_JSON.replace("jsonb_to_recordset($1::jsonb)", "json_to_recordset($1::json)");
// Duplicates filtered by a probe instead of ON CONFLICT's speculative insertion; a concurrent
// duplicate then fails the statement with a unique violation (the app would retry it with ON CONFLICT).
const INSERT_NOT_EXISTS = INSERT_JSON.replace(/ON CONFLICT.*$/s, "").replace(
  "AS t(w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb)",
  `AS t(w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb)
  WHERE NOT EXISTS (SELECT 1 FROM "MeteringEvent" m WHERE m."workspaceId" = t.w AND m."eventId" = t.e)`,
);
const INBOX = (
  insert: string,
) => `WITH ins AS (${insert} RETURNING seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt")
  INSERT INTO "MeteringInbox" SELECT * FROM ins`;
const INSERT_STAGE = `INSERT INTO "MeteringEvent" (${COLUMNS})
  SELECT w, e, p, q, u, o, pr, 'api' FROM ingest_stage ON CONFLICT ("workspaceId", "eventId") DO NOTHING`;

type Send = (variant: string, b: number) => Promise<void>;
const json: (sql: string) => Send = (sql) => async (variant, b) => {
  await client.query(sql, [JSON.stringify(events(variant, b).map((e) => ({ ...e, pr: null })))]);
};
const copyText = (e: ReturnType<typeof events>[number]) => `${e.w}\t${e.e}\t${e.p}\t${e.q}\t${e.u}\t${e.o}\t\\N\n`;
const staged: (sql: string) => Send = (sql) => async (variant, b) => {
  await client.query("BEGIN");
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ingest_stage FROM STDIN`));
    stream.on("finish", resolve).on("error", reject);
    stream.end(events(variant, b).map(copyText).join(""));
  });
  await client.query(sql);
  await client.query("COMMIT");
};

// J: COPY straight into MeteringEvent and MeteringInbox, with seqs taken beforehand (a repeated
// id would fail the COPY; the app would then fall back to the ON CONFLICT statement).
const copyDirect: Send = async (variant, b) => {
  const batch = events(variant, b);
  await client.query("BEGIN");
  const { rows } = await client.query(
    `SELECT now() AS now, array(SELECT nextval('"MeteringEvent_seq_seq"') FROM generate_series(1, $1)) AS seqs`,
    [batch.length],
  );
  const now: string = (rows[0].now as Date).toISOString();
  const seqs: string[] = rows[0].seqs;
  const copy = (sql: string, text: string) =>
    new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(sql));
      stream.on("finish", resolve).on("error", reject);
      stream.end(text);
    });
  await copy(
    `COPY "MeteringEvent" (seq, "workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source, "receivedAt") FROM STDIN`,
    batch.map((e, i) => `${seqs[i]}\t${e.w}\t${e.e}\t${e.p}\t${e.q}\t${e.u}\t${e.o}\t\\N\tapi\t${now}\n`).join(""),
  );
  await copy(
    `COPY "MeteringInbox" (seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt") FROM STDIN`,
    batch.map((e, i) => `${seqs[i]}\t${e.w}\t${e.p}\t${e.u}\t${e.q}\t${e.o}\t${now}\n`).join(""),
  );
  await client.query("COMMIT");
};

async function run(label: string, send: Send) {
  await client.query(`TRUNCATE "MeteringEvent", "MeteringInbox", "BillingUsageDaily" CASCADE`);
  await client.query(`CHECKPOINT`);
  const t0 = performance.now();
  const c0 = ticks();
  for (let b = 0; b < N / 1000; b++) await send(label, b);
  const wall = performance.now() - t0;
  const cpu = (ticks() - c0) * 10; // ms
  console.log(`${label.padEnd(44)} backend CPU ${((cpu * 1000) / N).toFixed(2)} µs/event, wall ${((wall * 1000) / N).toFixed(2)} µs/event`);
}

await client.query(
  `CREATE TABLE IF NOT EXISTS "MeteringInbox" (seq bigint PRIMARY KEY, "workspaceId" text NOT NULL, "productArea" text NOT NULL, unit text NOT NULL, quantity numeric(38,12) NOT NULL, "occurredAt" timestamptz(3) NOT NULL, "receivedAt" timestamptz(3) NOT NULL)`,
);
// Rows A–F measure the inbox with its primary key only; row G adds the (workspaceId, seq) index.
await client.query(`DROP INDEX IF EXISTS "MeteringInbox_workspaceId_seq_idx"`);
await client.query(
  `CREATE TEMP TABLE ingest_stage (w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb) ON COMMIT DELETE ROWS`,
);
const fk = (on: boolean) =>
  client.query(
    on
      ? `ALTER TABLE "MeteringEvent" DROP CONSTRAINT IF EXISTS "MeteringEvent_workspaceId_fkey"; ALTER TABLE "MeteringEvent" ADD CONSTRAINT "MeteringEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"(id) ON UPDATE CASCADE ON DELETE CASCADE`
      : `ALTER TABLE "MeteringEvent" DROP CONSTRAINT IF EXISTS "MeteringEvent_workspaceId_fkey"`,
  );
const queueIndexes = (on: boolean) =>
  client.query(
    on
      ? `CREATE INDEX IF NOT EXISTS "MeteringEvent_unprocessed_idx" ON "MeteringEvent" ("seq") WHERE "processedAt" IS NULL; CREATE INDEX IF NOT EXISTS "MeteringEvent_unprocessed_workspace_idx" ON "MeteringEvent" ("workspaceId", "seq") WHERE "processedAt" IS NULL`
      : `DROP INDEX IF EXISTS "MeteringEvent_unprocessed_idx"; DROP INDEX IF EXISTS "MeteringEvent_unprocessed_workspace_idx"`,
  );

for (let round = 0; round < 2; round++) {
  await fk(true);
  await queueIndexes(true);
  await run("A  today: JSON INSERT, FK, partial indexes", json(INSERT_JSON));
  await fk(false);
  await run("B  A without the FK", json(INSERT_JSON));
  await queueIndexes(false);
  await run("C  B + inbox instead of partial indexes", json(INBOX(INSERT_JSON)));
  await run("D  C, rows COPY'd into a staging table", staged(INBOX(INSERT_STAGE)));
  await run("E  C, json_to_recordset instead of jsonb", json(INBOX(INSERT_JSON_TEXT)));
  await run("F  B without ON CONFLICT (no duplicates sent)", json(INSERT_JSON.replace(/ON CONFLICT.*$/s, "")));
  await client.query(`CREATE INDEX IF NOT EXISTS "MeteringInbox_workspaceId_seq_idx" ON "MeteringInbox" ("workspaceId", seq)`);
  await run("G  C with the inbox's (workspaceId, seq) index", json(INBOX(INSERT_JSON)));
  await run("H  G, NOT EXISTS instead of ON CONFLICT", json(INBOX(INSERT_NOT_EXISTS)));
  await run("I  G without ON CONFLICT (no duplicates sent)", json(INBOX(INSERT_JSON.replace(/ON CONFLICT.*$/s, ""))));
  await run("J  COPY into MeteringEvent and the inbox", copyDirect);
  await client.query(`DROP INDEX "MeteringInbox_workspaceId_seq_idx"`);
}
// Leave the scratch database like the current schema: no FK, no partial queue indexes, the inbox indexed.
await fk(false);
await queueIndexes(false);
await client.query(`CREATE INDEX IF NOT EXISTS "MeteringInbox_workspaceId_seq_idx" ON "MeteringInbox" ("workspaceId", seq)`);
await client.end();
