// The flags as stored, kept per process. Every API request asks, so a read must cost nothing in the
// common case: the kept flags are labelled with the access revision read with the actor (before the
// flags were read), and a trigger moves that revision with every flag change. A process therefore
// sees a change on its next request, whichever process made it, with no statement of its own
// (docs/decisions/0070-feature-flags.md, "flags ride the access revision").
import "server-only";
import { Prisma, systemDatabase } from "@/lib/db";
import { flagOn, isFlagKey, isFlagMode, type FlagKey, type FlagState } from "./flags";

interface Row {
  key: string;
  mode: string;
  percentage: number;
  allowIds: string[] | null;
  denyIds: string[] | null;
}

let kept: { revision: string; flags: Promise<ReadonlyMap<FlagKey, FlagState>> } | null = null;

/** Every stored flag, read fresh (the CLI; tests). Unknown keys or modes are skipped, not trusted. */
export async function readFlags(): Promise<ReadonlyMap<FlagKey, FlagState>> {
  const rows = await systemDatabase().query<Row>(
    Prisma.sql`SELECT key, mode, percentage::int AS percentage, "allowIds", "denyIds" FROM "FeatureFlag"`,
  );
  const flags = new Map<FlagKey, FlagState>();
  for (const row of rows) {
    if (!isFlagKey(row.key) || !isFlagMode(row.mode)) continue;
    flags.set(row.key, {
      key: row.key,
      mode: row.mode,
      percentage: Number(row.percentage),
      allowIds: Object.freeze(row.allowIds ?? []),
      denyIds: Object.freeze(row.denyIds ?? []),
    });
  }
  return flags;
}

/** The flag's state as of `revision` (the actor's access revision), from memory while it holds. */
export async function flagState(key: FlagKey, revision: string): Promise<FlagState> {
  if (kept?.revision !== revision) {
    const flags = readFlags();
    kept = { revision, flags };
    flags.catch(() => {
      if (kept?.flags === flags) kept = null;
    });
  }
  return (await kept.flags).get(key) ?? flagOn(key);
}
