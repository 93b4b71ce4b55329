import { apiRoute } from "@/lib/api/route";
import { routeMethods } from "@/lib/api/methods";
import { liveness } from "@/lib/observability/health";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  { GET: apiRoute(async () => Response.json(liveness(), { headers: { "cache-control": "no-store" } })) },
  { route: "/api/health/live" },
);
