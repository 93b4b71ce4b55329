// The producer keys as stored, kept per process and matched against each ingest request's bearer
// token. A request costs one small read (the access revision) while nothing changed: the kept keys
// are labelled with the revision read before them, and a trigger moves the revision with every
// change to a key, so a revoke or a rotation is seen by every process on its next request
// (docs/decisions/0103-producer-keys.md; the flags do the same, decision 0070).
import "server-only";
import { Prisma, systemDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { fieldLogger } from "@/lib/observability/logger";
import { ALL_SCOPES, LEGACY_PRODUCER, matchDigest, tokenDigest, type Producer } from "./producer-key";

interface Row {
  id: string;
  name: string;
  hash: string;
  areas: string[] | null;
  allAreas: boolean;
  workspaces: string[] | null;
  allWorkspaces: boolean;
  expiresAt: Date | null;
  previousHash: string | null;
  previousExpiresAt: Date | null;
}

/** One hash a key is accepted under, until `until` (ms; null: no end). */
interface Accepted {
  id: string | null;
  producer: Producer;
  until: number | null;
}

/** How often a key's last use is written, at most. */
const LAST_USE_INTERVAL_MS = 60_000;

let kept: { revision: string; keys: Promise<StoredKeys> } | null = null;
const lastUseWritten = new Map<string, number>();
const log = fieldLogger("producer-keys");

interface StoredKeys {
  entries: { digest: Buffer; value: Accepted }[];
  byName: ReadonlyMap<string, { producer: Producer; until: number | null }>;
}

function producerOf(row: Row): Producer {
  return {
    name: row.name,
    areas: row.allAreas ? "all" : new Set(row.areas ?? []),
    workspaces: row.allWorkspaces ? "all" : new Set(row.workspaces ?? []),
  };
}

/** Every key not revoked, read fresh (each request whose revision moved). */
async function readKeys(): Promise<StoredKeys> {
  const rows = await systemDatabase().query<Row>(Prisma.sql`
    SELECT id, name, hash, areas, "allAreas", workspaces, "allWorkspaces", "expiresAt", "previousHash", "previousExpiresAt"
      FROM "ProducerKey" WHERE "revokedAt" IS NULL`);
  const entries: StoredKeys["entries"] = [];
  const byName = new Map<string, { producer: Producer; until: number | null }>();
  for (const row of rows) {
    const producer = producerOf(row);
    const until = row.expiresAt ? new Date(row.expiresAt).getTime() : null;
    entries.push({ digest: Buffer.from(row.hash, "hex"), value: { id: row.id, producer, until } });
    if (row.previousHash && row.previousExpiresAt) {
      const previousUntil = new Date(row.previousExpiresAt).getTime();
      entries.push({
        digest: Buffer.from(row.previousHash, "hex"),
        value: { id: row.id, producer, until: until === null ? previousUntil : Math.min(until, previousUntil) },
      });
    }
    byName.set(row.name, { producer, until });
  }
  return { entries, byName };
}

async function currentRevision(): Promise<string> {
  const [row] = await systemDatabase().query<{ revision: string }>(Prisma.sql`SELECT revision::text AS revision FROM "AccessRevision"`);
  return row?.revision ?? "";
}

/** The keys as of the current revision, from memory while it holds. */
async function storedKeys(): Promise<StoredKeys> {
  const revision = await currentRevision();
  if (kept?.revision !== revision) {
    const keys = readKeys();
    kept = { revision, keys };
    keys.catch(() => {
      if (kept?.keys === keys) kept = null;
    });
  }
  return kept.keys;
}

const live = (until: number | null, now: Date) => until === null || until > now.getTime();

/**
 * The producer holding `token`, or null: a stored key (not revoked, not expired, or its previous
 * hash within the rotation overlap), or METERING_INGEST_TOKEN as the all-scope legacy producer.
 */
export async function producerForToken(
  token: string,
  { now = new Date(), address = null }: { now?: Date; address?: string | null } = {},
): Promise<Producer | null> {
  const { entries } = await storedKeys();
  const legacy: Accepted = { id: null, producer: { name: LEGACY_PRODUCER, ...ALL_SCOPES }, until: null };
  const match = matchDigest([...entries, { digest: tokenDigest(env().ingestToken), value: legacy }], tokenDigest(token));
  if (!match || !live(match.until, now)) return null;
  if (match.id) await noteLastUse(match.id, now, address);
  return match.producer;
}

/**
 * The producer a NATS subject names (`<subject>.producers.<name>`): its scope while its key is
 * neither revoked nor expired, else null (every event it sends is refused).
 */
export async function producerNamed(name: string, now = new Date()): Promise<Producer | null> {
  const found = (await storedKeys()).byName.get(name);
  return found && live(found.until, now) ? found.producer : null;
}

/**
 * At most once a minute per key and process, and only when the stored time is older than that
 * (several processes share the work). A failure is logged, never fails the request. The columns
 * written are left out of the revision trigger.
 */
async function noteLastUse(id: string, now: Date, address: string | null): Promise<void> {
  const last = lastUseWritten.get(id);
  if (last !== undefined && now.getTime() - last < LAST_USE_INTERVAL_MS) return;
  lastUseWritten.set(id, now.getTime());
  const cutoff = new Date(now.getTime() - LAST_USE_INTERVAL_MS);
  await systemDatabase()
    .execute(
      Prisma.sql`UPDATE "ProducerKey" SET "lastUsedAt" = ${now}, "lastUsedAddress" = ${address}
        WHERE id = ${id} AND ("lastUsedAt" IS NULL OR "lastUsedAt" <= ${cutoff})`,
    )
    .catch((error: unknown) => log({ level: "warn", message: "last use not recorded", error: String(error) }));
}

/** Tests: start from an empty memory, as a fresh process would. */
export function forgetProducerKeys(): void {
  kept = null;
  lastUseWritten.clear();
}
