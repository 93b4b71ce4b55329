// The dashboard's first report, read on the server while the page renders, so the figures arrive
// with the HTML instead of after hydration and a second round trip. The same access check,
// validation and audit as GET /api/billing/usage, through `viewUsage`.
import "server-only";
import type { ActorContext, DomainCall } from "@/lib/access/domain-context";
import { requireWorkspacePermission } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/errors/api-error";
import { usageQuery } from "./usage-query";
import type { UsageResponse } from "./usage-response";
import { viewUsage } from "./view-usage";

/** The report for `params` (GET /api/billing/usage's query), or null if the caller may not read it. */
export async function usageForPage({
  ctx,
  input: params,
}: DomainCall<ActorContext, Record<string, string>>): Promise<UsageResponse | null> {
  const query = usageQuery.safeParse(params);
  if (!query.success || !params.workspaceId) return null;
  try {
    const access = await requireWorkspacePermission(ctx.actor, params.workspaceId.split(","), "usage:view");
    const usage = await viewUsage({ ctx: { ...ctx, access }, input: { query: query.data } });
    return JSON.parse(usage.body.toString("utf8")) as UsageResponse;
  } catch (error) {
    // The client then asks the API itself and shows that answer, error or not.
    if (error instanceof ApiError) return null;
    throw error;
  }
}
