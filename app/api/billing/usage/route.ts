import { withWorkspace } from "@/lib/api/route";
import { recordLooks } from "@/lib/audit/record-looks";
import { getUsage } from "@/lib/usage/get-usage";
import { usageQuery } from "@/lib/usage/usage-query";

export const GET = withWorkspace({ permission: "usage:view", query: usageQuery }, async ({ request, access, query, context }) => {
  const usage = await getUsage({ access, query });
  const search = new URL(request.url).searchParams.toString();
  const primary = access.grants[0]!.workspace.id;
  await recordLooks(access, "billing.usage.viewed", { period: usage.periods.get(primary)!, query: search, workspaceCount: access.grants.length }, context);
  const headers = {
    etag: usage.etag,
    "cache-control": "private, no-cache",
    vary: "Cookie",
    "x-cache": usage.cacheHit ? "hit" : "miss",
  };
  if (request.headers.get("if-none-match") === usage.etag) return new Response(null, { status: 304, headers });
  return new Response(usage.json, { headers: { ...headers, "content-type": "application/json" } });
});
