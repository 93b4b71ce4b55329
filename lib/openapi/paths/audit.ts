// The audit trail, as JSON and as CSV.
import { csv, errors, json, queryParameters, workspaceIdParam } from "../building-blocks";
import { auditEventsPageSchema } from "@/lib/audit/audit-event-response";
import { auditQueryInput } from "@/lib/audit/audit-query";

export function auditPaths() {
  return {
    "/api/audit-events": {
      get: {
        operationId: "listAuditEvents",
        tags: ["audit"],
        summary: "The workspace's audit trail, newest first (workspace admins only)",
        security: [{ session: [] }],
        parameters: [workspaceIdParam, ...queryParameters(auditQueryInput)],
        responses: {
          200: json(auditEventsPageSchema, "A page of audit events"),
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/audit-events/export": {
      get: {
        operationId: "exportAuditEvents",
        tags: ["audit"],
        summary: "The filtered audit trail as CSV (the download is itself audited)",
        security: [{ session: [] }],
        parameters: [workspaceIdParam, ...queryParameters(auditQueryInput)],
        responses: { 200: csv("The audit log"), ...errors(400, 401, 403) },
      },
    },
  };
}
