import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { pricedPeriodQuery } from "@/lib/pricing/prices-query";
import { getRateCard } from "@/lib/pricing/rate-card";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace(
      { feature: "billing-dashboard", permission: "usage:view", query: pricedPeriodQuery, oneWorkspace: true },
      async ({ ctx, query }) => Response.json(await getRateCard({ ctx, input: { period: query.period } })),
    ),
  },
  { route: "/api/billing/rate-card" },
);
