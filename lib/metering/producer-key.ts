// Producer keys (docs/producers.md): the key's format, its hash, and what a producer may write.
// Pure: no database, so the rule reads the same in ingest, the NATS source, the CLI and tests.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Recognisable in logs and secret scanners; 32 random bytes (256 bits) follow, base64url. */
export const KEY_PREFIX = "bpk_";
const KEY_RANDOM_BYTES = 32;
/** How much of a key lists show: the prefix and 8 random characters (48 bits), enough to tell keys apart. */
const SHOWN_CHARS = KEY_PREFIX.length + 8;

/** METERING_INGEST_TOKEN, kept working as a producer with every scope (docs/producers.md). */
export const LEGACY_PRODUCER = "legacy-ingest-token";
/** Messages published outside `<subject>.producers.<name>` (the shared subject of old). */
export const LEGACY_NATS_PRODUCER = "legacy-nats";
export const RESERVED_PRODUCER_NAMES: readonly string[] = [LEGACY_PRODUCER, LEGACY_NATS_PRODUCER];
/** Also a NATS subject token: no dots, spaces or wildcards. */
export const PRODUCER_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** What a producer may write: `all`, or the listed product areas / workspace ids. */
export interface ProducerScope {
  areas: "all" | ReadonlySet<string>;
  workspaces: "all" | ReadonlySet<string>;
}

export interface Producer extends ProducerScope {
  name: string;
}

export const ALL_SCOPES: ProducerScope = { areas: "all", workspaces: "all" };

export function newProducerKey(): { key: string; prefix: string; hash: string } {
  const key = KEY_PREFIX + randomBytes(KEY_RANDOM_BYTES).toString("base64url");
  return { key, prefix: key.slice(0, SHOWN_CHARS), hash: keyHash(key) };
}

/**
 * SHA-256, hex. A key carries 256 random bits, so a fast hash is enough: there is nothing to
 * guess, and no salt or slow hash is needed as it would be for a password (decision 0103).
 */
export function keyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function allows(scope: ProducerScope, workspaceId: string, productArea: string): boolean {
  return (scope.workspaces === "all" || scope.workspaces.has(workspaceId)) && (scope.areas === "all" || scope.areas.has(productArea));
}

export function describeScope(scope: ProducerScope): { areas: string; workspaces: string } {
  const list = (value: "all" | ReadonlySet<string>) => (value === "all" ? "all" : [...value].join(",") || "none");
  return { areas: list(scope.areas), workspaces: list(scope.workspaces) };
}

/**
 * The entry whose digest equals `digest` (32 bytes), compared in constant time against every
 * entry, with no early exit: how long it takes says nothing about which key, or how much of one,
 * matched. The list is as long as the number of live keys (tens), so this costs microseconds.
 */
export function matchDigest<T>(
  entries: readonly { digest: Buffer; value: T }[],
  digest: Buffer,
  equal: (a: Buffer, b: Buffer) => boolean = timingSafeEqual,
): T | null {
  let found: T | null = null;
  for (const entry of entries) {
    if (equal(entry.digest, digest) && found === null) found = entry.value;
  }
  return found;
}

/** The presented bearer token, hashed to the fixed length the comparison needs. */
export function tokenDigest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
