// An in-process LRU of serialised usage reports, kept as UTF-8 bytes: a hit is sent without
// encoding or measuring a large string again (both showed in profiles of the largest tenant).
// Entries are keyed by everything that shapes the answer (workspace ids in order, resolved date
// ranges, filters, grouping) and stamped with the workspaces' usage versions, which the consumer
// bumps whenever it writes their rows: a stale entry is never served, and no key can match
// another tenant's request.
import { clearValueCache } from "./value-cache";

const MAX_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 2000;

interface Entry {
  versions: string;
  bytes: Buffer;
}

const globalForCache = globalThis as unknown as { usageCache?: Map<string, Entry>; usageCacheBytes?: number };
const entries = (globalForCache.usageCache ??= new Map<string, Entry>());
const inFlight = new Map<string, Promise<Buffer>>();

export function cachedReport(key: string, versions: string): Buffer | null {
  const entry = entries.get(key);
  if (!entry || entry.versions !== versions) return null;
  entries.delete(key); // refresh its place in the LRU order
  entries.set(key, entry);
  return entry.bytes;
}

function store(key: string, versions: string, report: Buffer): void {
  const previous = entries.get(key);
  let bytes = (globalForCache.usageCacheBytes ?? 0) - (previous?.bytes.length ?? 0) + report.length;
  entries.delete(key);
  entries.set(key, { versions, bytes: report });
  for (const [oldest, entry] of entries) {
    if (bytes <= MAX_BYTES && entries.size <= MAX_ENTRIES) break;
    entries.delete(oldest);
    bytes -= entry.bytes.length;
  }
  globalForCache.usageCacheBytes = bytes;
}

/** Serves from the cache, or computes once however many requests ask at the same moment. */
export async function cachedOrCompute(
  key: string,
  versions: string,
  compute: () => Promise<string>,
): Promise<{ report: Buffer; hit: boolean }> {
  const hit = cachedReport(key, versions);
  if (hit !== null) return { report: hit, hit: true };
  const flightKey = `${key}\u0000${versions}`;
  let pending = inFlight.get(flightKey);
  if (!pending) {
    pending = compute()
      .then((json) => {
        const report = Buffer.from(json);
        store(key, versions, report);
        return report;
      })
      .finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, pending);
  }
  return { report: await pending, hit: false };
}

/** Empties this cache and the value cache beside it (value-cache.ts). */
export function clearUsageCache(): void {
  clearValueCache();
  entries.clear();
  globalForCache.usageCacheBytes = 0;
}
