// The projected usage and invoice of a period.
import { errors, json, queryParameters, workspaceIdParam } from "../building-blocks";
import { MAX_PROJECTED_WORKSPACES } from "@/lib/projection/project-usage";
import { projectionQuery } from "@/lib/projection/projection-query";
import { projectionResponseSchema } from "@/lib/projection/projection-response";

export function projectionPaths() {
  return {
    "/api/billing/projection": {
      get: {
        operationId: "getProjection",
        tags: ["pricing"],
        summary: "The period's projected usage and invoice, with a P10-P90 range and past accuracy (audited as billing.projection.viewed)",
        security: [{ session: [] }],
        parameters: [
          { ...workspaceIdParam, description: `Workspace id, or several comma-separated (at most ${MAX_PROJECTED_WORKSPACES})` },
          ...queryParameters(projectionQuery),
        ],
        responses: {
          200: json(projectionResponseSchema, "Per area and per currency: to date, projected, P10 and P90; estimate false once closed"),
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
