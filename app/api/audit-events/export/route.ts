import { withWorkspace } from "@/lib/api/route";
import { auditQuery } from "@/lib/audit/audit-query";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { csvResponse } from "@/lib/exports/csv-response";

export const GET = withWorkspace({ permission: "audit:view", query: auditQuery }, async ({ request, access, query, context }) => {
  const { stream, filename } = await exportAuditEvents(access, query, new URL(request.url).searchParams.toString(), context);
  return csvResponse(stream, filename);
});
