// An in-process LRU of computed values, for answers the server uses itself (a projection, a
// workspace's projection history) rather than sends as they are: kept as the objects they are,
// so a hit is neither serialised nor parsed. The same rules as the report cache (usage-cache.ts):
// keyed by everything that shapes the value, stamped with the versions its rows had, computed once
// however many requests ask at the same moment. Values are shared: callers must not change them.
const MAX_ENTRIES = 2000;

interface Entry {
  versions: string;
  value: unknown;
}

const globalForCache = globalThis as unknown as { valueCache?: Map<string, Entry> };
const entries = (globalForCache.valueCache ??= new Map<string, Entry>());
const inFlight = new Map<string, Promise<unknown>>();

function cached(key: string, versions: string): Entry | null {
  const entry = entries.get(key);
  if (!entry || entry.versions !== versions) return null;
  entries.delete(key); // refresh its place in the LRU order
  entries.set(key, entry);
  return entry;
}

function store(key: string, versions: string, value: unknown): void {
  entries.delete(key);
  entries.set(key, { versions, value });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

/** The value for `key` while its versions have not moved, else computed (once) and kept. */
export async function cachedValue<T>(key: string, versions: string, compute: () => Promise<T>): Promise<{ value: T; hit: boolean }> {
  const hit = cached(key, versions);
  if (hit) return { value: hit.value as T, hit: true };
  const flightKey = `${key}\u0000${versions}`;
  let pending = inFlight.get(flightKey) as Promise<T> | undefined;
  if (!pending) {
    pending = compute()
      .then((value) => {
        store(key, versions, value);
        return value;
      })
      .finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, pending);
  }
  return { value: await pending, hit: false };
}

export function clearValueCache(): void {
  entries.clear();
}
