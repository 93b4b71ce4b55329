// The second metering source: events published to NATS JetStream, one JSON event per message.
// A durable pull consumer with explicit acks feeds batches to the same `ingestEvents` the HTTP
// endpoint uses. A message is acked only after its batch is committed to the database, so a crash
// or a database outage means redelivery, never loss; redelivery is harmless because the database
// dedupes on (workspaceId, event id). Invalid messages are stored as rejections and acked, so
// they never loop. Any number of processes may run this source on the same durable consumer:
// JetStream hands each message to one of them at a time. See
// docs/decisions/0010-nats-jetstream-source.md.
import "server-only";
import { fieldLogger } from "@/lib/observability/logger";
import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  connect,
  nanos,
  type Consumer,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
} from "nats";
import { ingestEvents, type IngestItem, type IngestProducer, type IngestResult } from "./ingest-events";
import { ALL_SCOPES, LEGACY_NATS_PRODUCER, PRODUCER_NAME } from "./producer-key";
import { producerNamed } from "./producer-store";
import { interruptibleSleep } from "./interruptible-sleep";

export interface NatsSourceOptions {
  /** e.g. nats://127.0.0.1:4222 (comma-separated for a cluster). */
  url: string;
  /** Created when missing, with subjects `[subject, subject + ".>"]`. */
  stream?: string;
  /** Producers publish here (or below it, e.g. `metering.events.<workspace>`). */
  subject?: string;
  /** The durable pull consumer's name, shared by every process running this source. */
  durable?: string;
  /** Messages per fetch, and so per `ingestEvents` call and database transaction. */
  batchSize?: number;
  /** How long one fetch waits for messages (nats.js requires at least 1000 ms). */
  fetchExpiresMs?: number;
  /** Redelivery delay for the messages of a batch whose database write failed. */
  nakDelayMs?: number;
  /** First back-off after a failure; doubles per consecutive failure, up to 30 s. */
  backoffMs?: number;
  onBatch?: (result: NatsBatchResult) => void;
  onError?: (error: unknown) => void;
  /** Structured log sink; the process's pino logger by default. */
  log?: (fields: Record<string, unknown>) => void;
}

export interface NatsBatchResult extends IngestResult {
  /** Messages in the batch (all of them acked). */
  received: number;
}

export interface NatsSource {
  /** Resolves once the stream and the durable consumer exist (or when stopped before that). */
  ready: Promise<void>;
  /** Whether the connection to the server is open right now (readiness). */
  connected(): boolean;
  /** Finishes the batch in hand (ingest + ack), then drains and closes the connection. */
  stop(): Promise<void>;
}

export const NATS_DEFAULTS = {
  stream: "METERING",
  subject: "metering.events",
  durable: "billing-metering",
  batchSize: 500,
} as const;

const MAX_BACKOFF_MS = 30_000;
/** Long enough to ingest a full batch; an unacked message is redelivered after this. */
const ACK_WAIT_MS = 60_000;
/** Messages stay in the stream this long whether acked or not: a week-long outage loses nothing. */
const STREAM_MAX_AGE_MS = 7 * 24 * 3_600_000;
// JetStream API error codes (nats-server/server/errors.json).
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

const defaultLog = fieldLogger("metering-nats");

export function startNatsSource(options: NatsSourceOptions): NatsSource {
  const {
    url,
    stream = NATS_DEFAULTS.stream,
    subject = NATS_DEFAULTS.subject,
    durable = NATS_DEFAULTS.durable,
    batchSize = NATS_DEFAULTS.batchSize,
    fetchExpiresMs = 1000,
    nakDelayMs = 5000,
    backoffMs = 1000,
    log = defaultLog,
  } = options;

  let stopped = false;
  // A holder rather than a `let`: TypeScript does not see the closures assign it.
  const nats: { connection: NatsConnection | null } = { connection: null };
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const { sleep, wake } = interruptibleSleep();

  async function setUp(): Promise<Consumer> {
    let connection = nats.connection;
    if (!connection || connection.isClosed()) {
      connection = nats.connection = await connect({
        servers: url.split(","),
        name: `billing-metering-${durable}`,
        maxReconnectAttempts: -1,
      });
      log({ level: "info", message: "connected", server: connection.getServer() });
    }
    const jsm = await connection.jetstreamManager();
    await ensureStream(jsm);
    await ensureConsumer(jsm);
    return connection.jetstream().consumers.get(stream, durable);
  }

  async function ensureStream(jsm: JetStreamManager) {
    try {
      const info = await jsm.streams.info(stream);
      const subjects = info.config.subjects ?? [];
      if (!subjects.some((pattern) => subjectCovers(pattern, subject))) {
        log({ level: "warn", message: "stream does not capture the subject", stream, subject, subjects });
      }
    } catch (error) {
      if (apiErrorCode(error) !== STREAM_NOT_FOUND) throw error;
      await jsm.streams.add({
        name: stream,
        subjects: [subject, `${subject}.>`],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: nanos(STREAM_MAX_AGE_MS),
      });
      log({ level: "info", message: "stream created", stream, subjects: [subject, `${subject}.>`] });
    }
  }

  async function ensureConsumer(jsm: JetStreamManager) {
    try {
      const info = await jsm.consumers.info(stream, durable);
      if (info.config.ack_policy !== AckPolicy.Explicit) {
        throw new Error(`consumer ${durable} on ${stream} must use explicit acks (has ${info.config.ack_policy})`);
      }
    } catch (error) {
      if (apiErrorCode(error) !== CONSUMER_NOT_FOUND) throw error;
      await jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ACK_WAIT_MS),
        // Redeliver for as long as it takes: a message is only settled by a committed batch.
        max_deliver: -1,
        max_ack_pending: Math.max(1000, batchSize * 2),
      });
      log({ level: "info", message: "consumer created", stream, durable });
    }
  }

  async function fetchBatch(consumer: Consumer): Promise<JsMsg[]> {
    const messages: JsMsg[] = [];
    const iterator = await consumer.fetch({ max_messages: batchSize, expires: fetchExpiresMs });
    for await (const message of iterator) messages.push(message);
    return messages;
  }

  async function handleBatch(messages: JsMsg[]): Promise<void> {
    let result: IngestResult;
    try {
      result = await ingestByProducer(messages, subject);
    } catch (error) {
      // Nothing was committed (one transaction): hand every message back for redelivery.
      for (const message of messages) message.nak(nakDelayMs);
      throw error;
    }
    // Committed: now, and only now, settle the messages. An ack lost on the way is harmless —
    // the message comes back after ack_wait and the database ignores the repeated event id.
    const confirmed = await Promise.allSettled(messages.map((message) => message.ackAck()));
    const unconfirmed = confirmed.filter((c) => c.status === "rejected" || !c.value).length;
    if (unconfirmed > 0) log({ level: "warn", message: "acks not confirmed; those messages will be redelivered", unconfirmed });
    if (result.rejected.length > 0) {
      log({
        level: "warn",
        message: "events rejected",
        count: result.rejected.length,
        codes: [...new Set(result.rejected.map((r) => r.code))],
      });
    }
    try {
      options.onBatch?.({ received: messages.length, ...result });
    } catch (error) {
      log({ level: "warn", message: "onBatch hook failed", error: String(error) });
    }
  }

  const loop = (async () => {
    let consumer: Consumer | null = null;
    let failures = 0;
    while (!stopped) {
      try {
        if (!consumer || !nats.connection || nats.connection.isClosed()) {
          consumer = await setUp();
          log({ level: "info", message: "started", stream, subject, durable, batchSize });
          markReady();
        }
        const messages = await fetchBatch(consumer);
        if (messages.length > 0) await handleBatch(messages);
        failures = 0;
      } catch (error) {
        if (stopped) break;
        failures++;
        const delayMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** (failures - 1));
        // Whatever failed (connection, set-up, fetch, the database write), nothing was acked.
        log({ level: "error", message: "round failed; messages not acked will be redelivered", error: String(error), retryInMs: delayMs });
        try {
          options.onError?.(error);
        } catch (hookError) {
          log({ level: "warn", message: "onError hook failed", error: String(hookError) });
        }
        // A consumer or stream deleted under us is recreated on the next round.
        if (isMissingResource(error)) consumer = null;
        await sleep(delayMs);
      }
    }
  })();

  return {
    ready,
    connected: () => nats.connection !== null && !nats.connection.isClosed(),
    async stop() {
      if (stopped) return loop;
      stopped = true;
      wake();
      await loop; // the fetch in flight expires within fetchExpiresMs; its batch is finished first
      markReady();
      const open = nats.connection;
      nats.connection = null;
      if (open && !open.isClosed()) {
        await open.drain().catch((error: unknown) => log({ level: "warn", message: "drain failed", error: String(error) }));
      }
      log({ level: "info", message: "stopped", stream, durable });
    },
  };
}

/**
 * The batch's messages grouped by the producer their subject names, each group ingested with that
 * producer's scope. Nothing is acked until every group is committed; a failure sends the whole
 * batch back, and the groups already stored come back as duplicates.
 */
async function ingestByProducer(messages: JsMsg[], subject: string): Promise<IngestResult> {
  const groups = new Map<string, JsMsg[]>();
  for (const message of messages) {
    const name = producerOfSubject(message.subject, subject) ?? LEGACY_NATS_PRODUCER;
    groups.set(name, [...(groups.get(name) ?? []), message]);
  }
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  for (const [name, group] of groups) {
    const result = await ingestEvents(group.map(decode), { source: "nats", producer: await natsProducer(name) });
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected.push(...result.rejected);
  }
  return total;
}

/** Outside the producers' subjects: the shared subject of old, every scope (docs/producers.md). */
async function natsProducer(name: string): Promise<IngestProducer> {
  if (name === LEGACY_NATS_PRODUCER) return { name, scope: ALL_SCOPES, counted: true };
  const producer = await producerNamed(name);
  return { name, scope: producer, counted: producer !== null };
}

/**
 * `<subject>.producers.<name>[.…]` → name; NATS permissions let each producer's account publish
 * only there. A name no key could have is kept (cut short) so its rejections say what came.
 */
export function producerOfSubject(messageSubject: string, subject: string = NATS_DEFAULTS.subject): string | null {
  const prefix = `${subject}.producers.`;
  if (!messageSubject.startsWith(prefix)) return null;
  const name = messageSubject.slice(prefix.length).split(".")[0] ?? "";
  return PRODUCER_NAME.test(name) ? name : `invalid:${name.slice(0, 64)}`;
}

/** One message body → one ingest item; bodies that are not JSON become an `invalid_json` rejection. */
function decode(message: JsMsg): IngestItem {
  const text = message.string();
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { unparsable: text, error: `not valid JSON: ${(error as Error).message}` };
  }
}

function apiErrorCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const apiError = (error as { api_error?: { err_code?: number } }).api_error;
  return apiError?.err_code;
}

function isMissingResource(error: unknown): boolean {
  const code = apiErrorCode(error);
  if (code === STREAM_NOT_FOUND || code === CONSUMER_NOT_FOUND) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /consumer (not found|deleted)|stream (not found|deleted)/i.test(message);
}

/** Whether a stream subject (possibly with `*` / `>` wildcards) captures `subject`. */
function subjectCovers(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length || (p[i] !== "*" && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
