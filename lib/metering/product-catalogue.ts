import "server-only";
import { db } from "@/lib/db";

const TTL_MS = 30_000;
let cache: { loadedAt: number; units: Map<string, string> } | undefined;

/** Product area key → unit. The catalogue is tiny and rarely changes: cached briefly. */
export async function productAreaUnits(now = Date.now()): Promise<Map<string, string>> {
  if (!cache || now - cache.loadedAt > TTL_MS) {
    const areas = await db().productArea.findMany({ select: { key: true, unit: true } });
    cache = { loadedAt: now, units: new Map(areas.map((area) => [area.key, area.unit])) };
  }
  return cache.units;
}

export function forgetProductCatalogue(): void {
  cache = undefined;
}
