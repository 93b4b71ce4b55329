// Usage figures, as JSON and as a CSV export.
import { csv, errors, json, queryParameters, workspaceIdParam } from "../building-blocks";
import { usageQueryInput } from "@/lib/usage/usage-query";
import { usageResponseSchema } from "@/lib/usage/usage-response";

export function usagePaths() {
  return {
    "/api/billing/usage": {
      get: {
        operationId: "getUsage",
        tags: ["usage"],
        summary: "Usage by day, product area and workspace (cached; ETag / If-None-Match)",
        security: [{ session: [] }],
        parameters: [workspaceIdParam, ...queryParameters(usageQueryInput)],
        responses: {
          200: json(usageResponseSchema, "Usage figures"),
          304: { description: "Not modified since the ETag sent in If-None-Match" },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/api/billing/usage/export": {
      get: {
        operationId: "exportUsage",
        tags: ["usage"],
        summary:
          "The same figures as /api/billing/usage as a streamed CSV: one row per workspace, day and product area (row_type=day), then totals per product area (row_type=total) and, for several workspaces, per workspace and product area (row_type=workspace_total); for a billing period, its cost per currency (row_type=cost_total) and, while it runs, its projection (row_type=estimate per workspace and area, estimate_total per currency), whose quantity_p10, quantity_p90, amount_p10, amount_p90 and estimated_at columns (empty on other rows) give its range and when it was made. Columns are only ever appended. The file is kept and can be downloaded again; the response's X-Export-Id names it.",
        security: [{ session: [] }],
        parameters: [workspaceIdParam, ...queryParameters(usageQueryInput)],
        responses: { 200: csv("The export"), ...errors(400, 401, 403, 404) },
      },
    },
  };
}
