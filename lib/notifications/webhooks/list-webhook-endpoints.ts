// GET /api/billing/webhooks: one workspace's endpoints, newest first, without their secrets;
// audited as billing.webhooks.viewed.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import { webhookEndpointView } from "./webhook-endpoint-view";
import type { WebhookEndpointView } from "./webhook-response";

export async function listWebhookEndpoints({
  ctx: { access, request },
  input: { now = new Date() },
}: DomainCall<WorkspaceContext, { now?: Date }>): Promise<{ endpoints: WebhookEndpointView[] }> {
  oneWorkspace(access);
  const rows = await db().webhookEndpoint.findMany({
    where: scopedWhere(access.scope),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  await auditRequest(access, "billing.webhooks.viewed", {}, request, { metadata: { count: rows.length } });
  return { endpoints: rows.map((row) => webhookEndpointView(row, now)) };
}
