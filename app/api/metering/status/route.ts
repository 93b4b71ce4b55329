import { apiRoute } from "@/lib/api/route";
import { requireIngestToken } from "@/lib/metering/ingest-auth";
import type { ConsumerLagResponse } from "@/lib/metering/consumer-lag-response";
import { consumerLag } from "@/lib/metering/lag";
import { routeMethods } from "@/lib/api/methods";

// For producers and operators (same token as ingest): how far behind the consumer is.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: apiRoute(async ({ request }) => {
    requireIngestToken(request);
    const lag = await consumerLag();
    return Response.json({
      backlog: lag.backlog,
      oldestUnprocessedAt: lag.oldestUnprocessedAt?.toISOString() ?? null,
      oldestAgeSeconds: lag.oldestAgeSeconds,
    } satisfies ConsumerLagResponse);
  }),
});
