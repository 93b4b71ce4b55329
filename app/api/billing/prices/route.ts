import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { getPrices } from "@/lib/pricing/get-prices";
import { pricesQuery } from "@/lib/pricing/prices-query";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace(
      { feature: "billing-dashboard", permission: "usage:view", query: pricesQuery, oneWorkspace: true },
      async ({ ctx }) => Response.json(await getPrices({ ctx, input: {} })),
    ),
  },
  { route: "/api/billing/prices" },
);
