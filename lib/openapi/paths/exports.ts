// Past usage exports, listed and downloaded again.
import { csv, errors, json, queryParameters, workspaceIdParam } from "../building-blocks";
import { exportsPageSchema } from "@/lib/exports/export-response";
import { exportsQuery } from "@/lib/exports/exports-query";

export function exportsPaths() {
  return {
    "/api/billing/exports": {
      get: {
        operationId: "listExports",
        tags: ["exports"],
        summary: "Past exports covering the workspace (only those covering workspaces the caller may export), newest first",
        security: [{ session: [] }],
        parameters: [workspaceIdParam, ...queryParameters(exportsQuery)],
        responses: {
          200: json(exportsPageSchema, "A page of exports"),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/api/billing/exports/{id}/download": {
      get: {
        operationId: "downloadExport",
        tags: ["exports"],
        summary: "Downloads a past export again, byte for byte as first produced (checked against its SHA-256)",
        security: [{ session: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { 200: csv("The stored export"), ...errors(401, 403, 404) },
      },
    },
  };
}
