// PUT /api/billing/notifications/email: a workspace ADMIN sets who gets its notification e-mails
// and whether a daily digest goes out. Audited in the same transaction, with the choices before.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import { choicesOf } from "./recipients";
import type { EmailSettingsBody } from "./settings-body";
import { emailSettingsResponse } from "./view-email-settings";

export async function setEmailSettings({
  ctx: { access, actor, request },
  input,
}: DomainCall<WorkspaceContext, EmailSettingsBody & { now?: Date }>) {
  const workspace = oneWorkspace(access);
  const { now = new Date(), ...choices } = input;
  return db().$transaction(async (tx) => {
    const before = await tx.notificationSettings.findFirst({ where: scopedWhere(access.scope) });
    const data = { ...choices, updatedAt: now, updatedById: actor.id };
    const saved = await tx.notificationSettings.upsert({
      where: { workspaceId: workspace.id },
      create: { workspaceId: workspace.id, ...data },
      update: data,
    });
    await auditRequest(access, "billing.notifications.changed", { ...choices }, request, {
      metadata: { before: { ...choicesOf(before), stored: before !== null } },
      client: tx,
    });
    return emailSettingsResponse(tx, access, saved);
  });
}
