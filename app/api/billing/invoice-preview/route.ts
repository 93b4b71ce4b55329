import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { previewInvoice } from "@/lib/pricing/invoice-preview";
import { pricedPeriodQuery } from "@/lib/pricing/prices-query";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace(
      { feature: "billing-dashboard", permission: "usage:view", query: pricedPeriodQuery, oneWorkspace: true },
      async ({ ctx, query }) => Response.json(await previewInvoice({ ctx, input: { period: query.period } })),
    ),
  },
  { route: "/api/billing/invoice-preview" },
);
