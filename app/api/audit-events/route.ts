import { withWorkspace } from "@/lib/api/route";
import { auditQuery } from "@/lib/audit/audit-query";
import { listAuditEvents } from "@/lib/audit/list-audit-events";

export const GET = withWorkspace({ permission: "audit:view", query: auditQuery }, async ({ access, query }) =>
  Response.json(await listAuditEvents(access, query)),
);
