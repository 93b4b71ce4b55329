import { anomaliesQuery } from "@/lib/anomalies/anomalies-query";
import { listAnomalies } from "@/lib/anomalies/list-anomalies";
import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ feature: "billing-dashboard", permission: "anomalies:view", query: anomaliesQuery }, async ({ ctx, query }) =>
      Response.json(await listAnomalies({ ctx, input: query })),
    ),
  },
  { route: "/api/billing/anomalies" },
);
