import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { projectionQuery } from "@/lib/projection/projection-query";
import { projectUsage } from "@/lib/projection/project-usage";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ feature: "billing-dashboard", permission: "usage:view", query: projectionQuery }, async ({ ctx, query }) =>
      Response.json(await projectUsage({ ctx, input: { period: query.period, productAreas: query.productArea ?? null } })),
    ),
  },
  { route: "/api/billing/projection" },
);
