import { withWorkspace } from "@/lib/api/route";
import { auditQuery } from "@/lib/audit/audit-query";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ permission: "audit:view", query: auditQuery }, async ({ ctx, query }) =>
      Response.json(await listAuditEvents({ ctx, input: query })),
    ),
  },
  { route: "/api/audit-events" },
);
