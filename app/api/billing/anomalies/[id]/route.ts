import { triageBody } from "@/lib/anomalies/anomalies-query";
import { anomalyById, triageAnomaly } from "@/lib/anomalies/triage-anomaly";
import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    PATCH: withWorkspace(
      { feature: "billing-dashboard", permission: "anomalies:triage", body: triageBody, resource: anomalyById, sameSiteOnly: true },
      async ({ ctx, body, resource }) => Response.json(await triageAnomaly({ ctx, input: { ...body, flag: resource } })),
    ),
  },
  { route: "/api/billing/anomalies/[id]" },
);
