import { withWorkspace } from "@/lib/api/route";
import { createUsageExport } from "@/lib/exports/create-usage-export";
import { csvResponse } from "@/lib/exports/csv-response";
import { usageQuery } from "@/lib/usage/usage-query";

export const GET = withWorkspace({ permission: "usage:export", query: usageQuery, sameSiteOnly: true }, async ({ request, access, query, context }) => {
  const search = new URL(request.url).searchParams.toString();
  const { id, filename, stream } = createUsageExport({ access, query, search, context });
  return csvResponse(stream, filename, { "x-export-id": id });
});
