import { withWorkspace } from "@/lib/api/route";
import { auditQuery } from "@/lib/audit/audit-query";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { csvResponse } from "@/lib/csv/csv-response";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ permission: "audit:view", query: auditQuery }, async ({ ctx, query }) => {
      const { stream, filename } = await exportAuditEvents({ ctx, input: query });
      return csvResponse(stream, filename);
    }),
  },
  { route: "/api/audit-events/export" },
);
