import { withWorkspace } from "@/lib/api/route";
import { usageQuery } from "@/lib/usage/usage-query";
import { viewUsage } from "@/lib/usage/view-usage";
import { routeMethods } from "@/lib/api/methods";
import { chunksStream } from "@/lib/streams/chunks-stream";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ feature: "billing-dashboard", permission: "usage:view", query: usageQuery }, async ({ request, ctx, query }) => {
      const usage = await viewUsage({ ctx, input: { query, ifNoneMatch: request.headers.get("if-none-match") } });
      const headers = {
        etag: usage.etag,
        "cache-control": "private, no-cache",
        vary: "Cookie",
        "x-cache": usage.cacheHit ? "hit" : "miss",
      };
      if (usage.notModified) return new Response(null, { status: 304, headers });
      // Streamed from the cached bytes, yet with its length, as a body built from one buffer had.
      const length = usage.bodyChunks.reduce((total, chunk) => total + chunk.byteLength, 0);
      return new Response(chunksStream(usage.bodyChunks), {
        headers: { ...headers, "content-type": "application/json", "content-length": String(length) },
      });
    }),
  },
  { route: "/api/billing/usage" },
);
