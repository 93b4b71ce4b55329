// bench:ingest's freshness figure: how long after its arrival each event reached the read model.
// Events carry no "applied at" time (the consumer deletes them from MeteringInbox instead of
// rewriting them), so this samples the queue from outside, against the database clock:
//   - `below`: every event with a smaller seq has left the inbox (its smallest seq, or past the
//     largest event when it is empty);
//   - `horizon`: the oldest transaction still running (pg_snapshot_xmin), so an event whose
//     ingest transaction is older was committed, hence visible, when the sample was taken.
// An event counts as applied at the first sample where both hold. That is an upper bound: it adds
// up to one sampling interval, and an event another worker took out of order counts only once
// everything before it has gone too.
import pg from "pg";

interface Sample {
  at: number; // ms since the epoch, database clock
  below: bigint;
  horizon: bigint;
}

export interface Freshness {
  p50: number;
  p99: number;
  max: number;
  n: number;
  firstReceived: Date;
  lastApplied: Date;
}

const SAMPLE_SQL = `
  SELECT extract(epoch FROM clock_timestamp()) * 1000 AS at,
         coalesce((SELECT min(seq) FROM "MeteringInbox"), (SELECT max(seq) + 1 FROM "MeteringEvent"), 0)::text AS below,
         (pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296)::text AS horizon`;

export class QueueHeadSampler {
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly pool: pg.Pool) {}

  start(intervalMs = 20): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 5));
    await this.sample(); // one taken after everything was applied
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.pool.query<{ at: string; below: string; horizon: string }>(SAMPLE_SQL);
      this.samples.push({ at: Number(rows[0]!.at), below: BigInt(rows[0]!.below), horizon: BigInt(rows[0]!.horizon) });
    } finally {
      this.busy = false;
    }
  }

  /** Percentiles over the events whose id starts with `prefix`, in seconds. */
  async freshness(prefix: string): Promise<Freshness> {
    const { rows } = await this.pool.query<[string, string, string]>({
      text: `SELECT seq::text, xmin::text, (extract(epoch FROM "receivedAt") * 1000)::text
               FROM "MeteringEvent" WHERE "eventId" LIKE $1 ORDER BY seq`,
      values: [`${prefix}-%`],
      rowMode: "array",
    });
    const samples = this.samples;
    const ages: number[] = [];
    let firstReceived = Infinity;
    let lastApplied = -Infinity;
    for (const [seqText, xminText, receivedText] of rows) {
      const seq = BigInt(seqText);
      const xmin = BigInt(xminText);
      const received = Number(receivedText);
      // the horizon only grows: binary search for the first sample that sees the event committed
      let lo = 0;
      let hi = samples.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (samples[mid]!.horizon > xmin) hi = mid;
        else lo = mid + 1;
      }
      while (lo < samples.length && samples[lo]!.below <= seq) lo++;
      const applied = samples[lo];
      if (!applied) throw new Error(`event ${seq} was never seen applied; sampling stopped too early`);
      ages.push(Math.max(0, applied.at - received) / 1000);
      firstReceived = Math.min(firstReceived, received);
      lastApplied = Math.max(lastApplied, applied.at);
    }
    ages.sort((a, b) => a - b);
    const at = (q: number) => ages[Math.min(ages.length - 1, Math.floor(q * ages.length))] ?? NaN;
    return {
      p50: at(0.5),
      p99: at(0.99),
      max: ages.at(-1) ?? NaN,
      n: ages.length,
      firstReceived: new Date(firstReceived),
      lastApplied: new Date(lastApplied),
    };
  }
}
