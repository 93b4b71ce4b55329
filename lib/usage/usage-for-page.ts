// The dashboard's first report, read on the server while the page renders, so the figures arrive
// with the HTML instead of after hydration and a second round trip. The same access check,
// validation and audit as GET /api/billing/usage, through `viewUsage`; the page checks access
// first, as the route wrapper does (checkAccess).
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { ApiError } from "@/lib/errors/api-error";
import { usageQuery } from "./usage-query";
import type { UsageResponse } from "./usage-response";
import { viewUsage } from "./view-usage";

/** The report for `params` (GET /api/billing/usage's query) on the checked workspaces, or null if it cannot be read. */
export async function usageForPage({
  ctx,
  input: params,
}: DomainCall<WorkspaceContext, Record<string, string>>): Promise<UsageResponse | null> {
  const query = usageQuery.safeParse(params);
  if (!query.success || !params.workspaceId) return null;
  try {
    const usage = await viewUsage({ ctx, input: { query: query.data } });
    return JSON.parse(Buffer.concat(usage.bodyChunks).toString("utf8")) as UsageResponse;
  } catch (error) {
    // The client then asks the API itself and shows that answer, error or not.
    if (error instanceof ApiError) return null;
    throw error;
  }
}
