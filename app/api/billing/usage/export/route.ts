import { withWorkspace } from "@/lib/api/route";
import { createUsageExport } from "@/lib/exports/create-usage-export";
import { csvResponse } from "@/lib/exports/csv-response";
import { usageQuery } from "@/lib/usage/usage-query";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withWorkspace({ permission: "usage:export", query: usageQuery, sameSiteOnly: true }, async ({ access, query, context }) => {
    const { id, filename, stream } = createUsageExport({ access, query, context });
    return csvResponse(stream, filename, { "x-export-id": id });
  }),
});
