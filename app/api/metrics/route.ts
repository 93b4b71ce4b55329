import { apiRoute } from "@/lib/api/route";
import { routeMethods } from "@/lib/api/methods";
import { consumerRunning } from "@/lib/metering/runtime";
import { metricsPage, requireMetricsToken } from "@/lib/observability/scrape";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: apiRoute(async ({ request }) => {
      requireMetricsToken(request);
      const page = await metricsPage({ consumer: consumerRunning(), anomalies: true, notifications: true });
      return new Response(page.body, { headers: { "content-type": page.contentType, "cache-control": "no-store" } });
    }),
  },
  { route: "/api/metrics" },
);
