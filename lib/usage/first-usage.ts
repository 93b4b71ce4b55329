// The first billing period a workspace has any usage in: periods before it are empty, and the
// period selector says so rather than offering a year of blank pages.
import { database, Prisma } from "@/lib/db";
import type { WorkspaceGrant } from "@/lib/access/workspace-access";

/** The start (YYYY-MM-DD) of the workspace's first period with usage; null when it has none. */
export async function firstUsagePeriodStart(grant: WorkspaceGrant): Promise<string | null> {
  const [row] = await database().query<{ start: string | null }>(Prisma.sql`
    SELECT min("periodStart")::text AS start FROM "BillingUsagePeriod"
     WHERE "workspaceId" = ${grant.workspace.id} AND (quantity > 0 OR "sourceEventCount" > 0)`);
  return row?.start ?? null;
}
