// An in-process LRU of serialised usage reports. Entries are keyed by everything that shapes the
// answer (workspace ids in order, resolved date ranges, filters, grouping) and stamped with the
// workspaces' usage versions, which the consumer bumps whenever it writes their rows: a stale
// entry is never served, and no key can match another tenant's request.
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 2000;

interface Entry {
  versions: string;
  json: string;
}

const globalForCache = globalThis as unknown as { usageCache?: Map<string, Entry>; usageCacheBytes?: number };
const entries = (globalForCache.usageCache ??= new Map<string, Entry>());
const inFlight = new Map<string, Promise<string>>();

export function cachedReport(key: string, versions: string): string | null {
  const entry = entries.get(key);
  if (!entry || entry.versions !== versions) return null;
  entries.delete(key); // refresh its place in the LRU order
  entries.set(key, entry);
  return entry.json;
}

function store(key: string, versions: string, json: string): void {
  const previous = entries.get(key);
  let bytes = (globalForCache.usageCacheBytes ?? 0) - (previous?.json.length ?? 0) + json.length;
  entries.delete(key);
  entries.set(key, { versions, json });
  for (const [oldest, entry] of entries) {
    if (bytes <= MAX_BYTES && entries.size <= MAX_ENTRIES) break;
    entries.delete(oldest);
    bytes -= entry.json.length;
  }
  globalForCache.usageCacheBytes = bytes;
}

/** Serves from the cache, or computes once however many requests ask at the same moment. */
export async function cachedOrCompute(key: string, versions: string, compute: () => Promise<string>): Promise<{ json: string; hit: boolean }> {
  const hit = cachedReport(key, versions);
  if (hit !== null) return { json: hit, hit: true };
  const flightKey = `${key}\u0000${versions}`;
  let pending = inFlight.get(flightKey);
  if (!pending) {
    pending = compute()
      .then((json) => {
        store(key, versions, json);
        return json;
      })
      .finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, pending);
  }
  return { json: await pending, hit: false };
}

export function clearUsageCache(): void {
  entries.clear();
  globalForCache.usageCacheBytes = 0;
}
