// GET /api/billing/notifications/email: one workspace's e-mail choices, whether this server can
// send e-mail at all, and the addresses the choices reach now. Audited as billing.notifications.viewed.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { scopedWhere, type WorkspaceAccess } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db, type PrismaClient } from "@/lib/db";
import type { NotificationSettings } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { choicesOf, recipientsOf } from "./recipients";
import type { EmailSettingsResponse } from "./settings-response";

export async function emailSettingsResponse(
  client: Pick<PrismaClient, "membership">,
  access: WorkspaceAccess,
  settings: NotificationSettings | null,
): Promise<EmailSettingsResponse> {
  const choices = choicesOf(settings);
  return {
    workspaceId: oneWorkspace(access).id,
    ...choices,
    smtpConfigured: Boolean(env().SMTP_URL),
    recipients: await recipientsOf(client, scopedWhere(access.scope), choices),
    updatedAt: settings?.updatedAt.toISOString() ?? null,
  };
}

export async function viewEmailSettings({ ctx: { access, request } }: DomainCall<WorkspaceContext, Record<string, never>>) {
  oneWorkspace(access);
  const settings = await db().notificationSettings.findFirst({ where: scopedWhere(access.scope) });
  const response = await emailSettingsResponse(db(), access, settings);
  await auditRequest(access, "billing.notifications.viewed", {}, request);
  return response;
}
