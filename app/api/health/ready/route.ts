import { apiRoute } from "@/lib/api/route";
import { routeMethods } from "@/lib/api/methods";
import { readiness } from "@/lib/observability/health";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: apiRoute(async () => {
      const report = await readiness();
      return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
    }),
  },
  { route: "/api/health/ready" },
);
