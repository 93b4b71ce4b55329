// POST /api/billing/webhooks: a workspace ADMIN adds an endpoint. Its host must resolve only to
// public addresses (checked again at every delivery); the new signing secret is stored sealed and
// shown in this answer only. At most MAX_ENDPOINTS per workspace, counted under a lock on the
// workspace's row so two requests at once cannot both add the tenth.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db, Prisma } from "@/lib/db";
import { ApiError } from "@/lib/errors/api-error";
import { newSigningSecret, sealSecret } from "../secret-box";
import { checkWebhookTarget, UnsafeUrlError, urlPolicyFromEnv } from "../url-safety";
import { endpointLabel, webhookEndpointView } from "./webhook-endpoint-view";
import type { WebhookEndpointBody } from "./webhook-input";
import type { WebhookEndpointWithSecret } from "./webhook-response";

export const MAX_ENDPOINTS = 10;

/** Where the URL's host points, now: a private, loopback or link-local address is a 400 naming it. */
export async function checkWebhookHost(url: string): Promise<void> {
  try {
    await checkWebhookTarget(new URL(url), urlPolicyFromEnv());
  } catch (error) {
    if (!(error instanceof UnsafeUrlError)) throw error;
    throw new ApiError("bad_request", `Invalid body: url ${error.message}`, [{ field: "url", message: error.message }]);
  }
}

export async function createWebhookEndpoint({
  ctx: { access, actor, request },
  input: { now = new Date(), ...body },
}: DomainCall<WorkspaceContext, WebhookEndpointBody & { now?: Date }>): Promise<WebhookEndpointWithSecret> {
  const workspace = oneWorkspace(access);
  await checkWebhookHost(body.url);
  const secret = newSigningSecret();
  const created = await db().$transaction(async (tx) => {
    await tx.$queryRaw(Prisma.sql`SELECT 1 FROM "Workspace" WHERE "id" = ${workspace.id} FOR NO KEY UPDATE`);
    const count = await tx.webhookEndpoint.count({ where: scopedWhere(access.scope) });
    if (count >= MAX_ENDPOINTS) {
      throw new ApiError(
        "conflict",
        `Workspace ${workspace.id} already has ${count} webhook endpoints, the most allowed; delete one before adding another.`,
        { reason: "too_many_endpoints", limit: MAX_ENDPOINTS },
      );
    }
    const row = await tx.webhookEndpoint.create({
      data: {
        workspaceId: workspace.id,
        url: body.url,
        description: body.description,
        events: body.events,
        secretCiphertext: sealSecret(secret),
        createdById: actor.id,
        createdAt: now,
        updatedAt: now,
      },
    });
    await auditRequest(access, "billing.webhook.created", { ...endpointLabel(row), events: row.events }, request, { client: tx });
    return row;
  });
  return { ...webhookEndpointView(created, now), secret };
}
