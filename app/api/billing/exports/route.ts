import { withWorkspace } from "@/lib/api/route";
import { exportsQuery } from "@/lib/exports/exports-query";
import { listExports } from "@/lib/exports/list-exports";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ feature: "billing-dashboard", permission: "usage:export", query: exportsQuery }, async ({ ctx, query }) =>
      Response.json(await listExports({ ctx, input: query })),
    ),
  },
  { route: "/api/billing/exports" },
);
