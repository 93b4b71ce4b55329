// The dashboard's first report, read on the server while the page renders, so the figures arrive
// with the HTML instead of after hydration and a second round trip. The same access check,
// validation and audit as GET /api/billing/usage, through `viewUsage`.
import type { Actor } from "@/lib/access/actor";
import { requireWorkspacePermission } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/api/errors";
import type { RequestContext } from "@/lib/api/request-context";
import { usageQuery } from "./usage-query";
import type { UsageResponse } from "./usage-response";
import { viewUsage } from "./view-usage";

/** The report for `params` (GET /api/billing/usage's query), or null if the caller may not read it. */
export async function usageForPage(actor: Actor, params: Record<string, string>, context: RequestContext): Promise<UsageResponse | null> {
  const query = usageQuery.safeParse(params);
  if (!query.success || !params.workspaceId) return null;
  try {
    const access = await requireWorkspacePermission(actor, params.workspaceId.split(","), "usage:view");
    const usage = await viewUsage({ access, query: query.data, context });
    return JSON.parse(usage.body.toString("utf8")) as UsageResponse;
  } catch (error) {
    // The client then asks the API itself and shows that answer, error or not.
    if (error instanceof ApiError) return null;
    throw error;
  }
}
