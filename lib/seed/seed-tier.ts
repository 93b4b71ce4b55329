// npm run db:seed -- --tier demo|staging|large: the demo tier alone (decision 0007), or the demo
// tier and then the staging or the large tier beside it (docs/operations-data.md).
import "server-only";
import pg from "pg";
import { systemDb } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed-demo";
import { env } from "@/lib/env";
import { LARGE_TIER, loadLargeTier, type BulkClient, type LargeTierSize } from "./large-tier";
import { seedStaging } from "./staging-tier";

export const SEED_TIERS = ["demo", "staging", "large"] as const;
export type SeedTier = (typeof SEED_TIERS)[number];

export const isSeedTier = (tier: string): tier is SeedTier => (SEED_TIERS as readonly string[]).includes(tier);

export interface SeedTierOptions {
  now?: Date;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number, unit: string) => void;
  /** Staging: how many workspaces (tests seed a few). */
  stagingWorkspaces?: number;
  /** Large: the sizes (tests seed a small copy). */
  largeSize?: LargeTierSize;
}

export async function seedTier(
  tier: SeedTier,
  { now = new Date(), log = () => {}, onProgress, stagingWorkspaces, largeSize }: SeedTierOptions = {},
) {
  await seedDemo(systemDb(), { now, log });
  if (tier === "staging") {
    await seedStaging(systemDb(), {
      now,
      workspaces: stagingWorkspaces,
      log,
      onProgress: (done, total) => onProgress?.(done, total, "workspaces"),
    });
  }
  if (tier === "large") {
    const { client, close } = await bulkClient();
    try {
      await loadLargeTier(client, {
        size: largeSize ?? LARGE_TIER,
        log,
        onProgress: (done, total) => onProgress?.(done, total, "daily rows"),
      });
    } finally {
      await close();
    }
  }
}

/**
 * On PostgreSQL one connection as the tables' owner (MIGRATION_DATABASE_URL, else DATABASE_URL),
 * which may switch the period trigger off for the load; else the app's own database through
 * Prisma (the trigger then stays on: slower, the same rows).
 */
async function bulkClient(): Promise<{ client: BulkClient; close: () => Promise<void> }> {
  const { DATABASE_URL, MIGRATION_DATABASE_URL } = env();
  if (DATABASE_URL) {
    const client = new pg.Client({ connectionString: MIGRATION_DATABASE_URL ?? DATABASE_URL });
    await client.connect();
    return { client, close: () => client.end() };
  }
  return {
    client: { query: async (sql, values = []) => ({ rowCount: await systemDb().$executeRawUnsafe(sql, ...values) }) },
    close: async () => {},
  };
}
