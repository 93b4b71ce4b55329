// The first billing period a workspace has any usage in: periods before it are empty, and the
// period selector says so rather than offering a year of blank pages.
import "server-only";
import { scopedSql, type WorkspaceScope } from "@/lib/access/workspace-access";
import { database, Prisma } from "@/lib/db";

/** The start (YYYY-MM-DD) of the scope's first period with usage (a page's one workspace); null when none. */
export async function firstUsagePeriodStart(scope: WorkspaceScope): Promise<string | null> {
  const [row] = await database().query<{ start: string | null }>(Prisma.sql`
    SELECT min("periodStart")::text AS start FROM "BillingUsagePeriod" p
     WHERE ${scopedSql(scope, "p")} AND (quantity > 0 OR "sourceEventCount" > 0)`);
  return row?.start ?? null;
}
