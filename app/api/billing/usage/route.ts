import { withWorkspace } from "@/lib/api/route";
import { preferredEncoding } from "@/lib/usage/report-body";
import { usageQuery } from "@/lib/usage/usage-query";
import { viewUsage } from "@/lib/usage/view-usage";

export const GET = withWorkspace({ permission: "usage:view", query: usageQuery }, async ({ request, access, query, context }) => {
  const search = new URL(request.url).searchParams.toString();
  const encoding = preferredEncoding(request.headers.get("accept-encoding"));
  const usage = await viewUsage({ access, query, search, context, encoding });
  const headers = {
    etag: usage.etag,
    "cache-control": "private, no-cache",
    vary: "Cookie, Accept-Encoding",
    "x-cache": usage.cacheHit ? "hit" : "miss",
  };
  if (request.headers.get("if-none-match") === usage.etag) return new Response(null, { status: 304, headers });
  const coding: Record<string, string> = usage.encoding === "gzip" ? { "content-encoding": "gzip" } : {};
  return new Response(usage.body, { headers: { ...headers, ...coding, "content-type": "application/json" } });
});
