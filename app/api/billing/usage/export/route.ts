import { withWorkspace } from "@/lib/api/route";
import { createUsageExport } from "@/lib/exports/create-usage-export";
import { csvResponse } from "@/lib/csv/csv-response";
import { usageQuery } from "@/lib/usage/usage-query";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace(
      { feature: "billing-dashboard", permission: "usage:export", query: usageQuery, sameSiteOnly: true },
      async ({ ctx, query }) => {
        const { id, filename, stream } = createUsageExport({ ctx, input: { query } });
        return csvResponse(stream, filename, { "x-export-id": id });
      },
    ),
  },
  { route: "/api/billing/usage/export" },
);
