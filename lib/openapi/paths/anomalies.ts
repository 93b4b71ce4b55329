// Anomaly flags and their triage.
import { errors, json, queryParameters, schema, workspaceIdParam } from "../building-blocks";
import { anomaliesQuery, triageBody } from "@/lib/anomalies/anomalies-query";
import { anomaliesPageSchema, triagedAnomalySchema } from "@/lib/anomalies/anomaly-response";

export function anomaliesPaths() {
  return {
    "/api/billing/anomalies": {
      get: {
        operationId: "listAnomalies",
        tags: ["anomalies"],
        summary: "Flagged anomalies of the workspaces, most severe first, then newest (audited as billing.anomalies.viewed)",
        security: [{ session: [] }],
        parameters: [workspaceIdParam, ...queryParameters(anomaliesQuery)],
        responses: { 200: json(anomaliesPageSchema, "A page of flags"), ...errors(400, 401, 403, 404) },
      },
    },
    "/api/billing/anomalies/{id}": {
      patch: {
        operationId: "triageAnomaly",
        tags: ["anomalies"],
        summary: "Moves a flag along open → acknowledged → resolved, or open | acknowledged → dismissed (a note required); audited",
        security: [{ session: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": { schema: schema(triageBody, "input") } } },
        responses: { 200: json(triagedAnomalySchema, "The flag with its status history"), ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
    },
  };
}
