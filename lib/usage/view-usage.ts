// A billing read as users make it: the usage report, audited before it is handed out. The API
// route and the dashboard page (which renders the first report on the server) both read this way.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { auditRequest } from "@/lib/audit/audit-request";
import { comparisonWindows } from "@/lib/periods/comparison";
import { getUsage, type UsageResult } from "./get-usage";
import { auditedUsageQuery, type UsageQuery } from "./usage-query";

export async function viewUsage({
  ctx,
  input: { query, ifNoneMatch = null },
}: DomainCall<
  WorkspaceContext,
  {
    query: UsageQuery;
    /** The caller's If-None-Match: when it matches, nothing is handed out, and nothing is audited. */
    ifNoneMatch?: string | null;
  }
>): Promise<UsageResult & { notModified: boolean }> {
  const { access } = ctx;
  const usage = await getUsage({ access, query });
  // A 304 carries no figures: the caller already holds exactly these, from a read that was
  // audited. An open dashboard revalidates every minute and would otherwise log a look each time.
  if (ifNoneMatch === usage.etag) return { ...usage, notModified: true };
  // One look is one row, comparison included: it names the previous days the figures were set against.
  const windows = query.compare ? comparisonWindows(usage.primaryPeriod, access.grants[0]!.workspace, new Date()) : null;
  const comparedWith = windows?.kind === "windows" ? { from: windows.previous.from, to: windows.previous.to } : undefined;
  await auditRequest(
    access,
    "billing.usage.viewed",
    {
      period: usage.primaryPeriod,
      ...(comparedWith && { comparedWith }),
      query: auditedUsageQuery(query),
      workspaceCount: access.grants.length,
    },
    ctx.request,
  );
  return { ...usage, notModified: false };
}
