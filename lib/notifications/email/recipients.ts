// Who a workspace's notification e-mails reach: its ADMIN members (unless switched off) and its
// FINANCE members when chosen. No settings row means the defaults: admins only, no digest.
import "server-only";
import type { PrismaClient } from "@/lib/db";
import type { MembershipRole } from "@/lib/db/generated/enums";
import type { NotificationSettings } from "@/lib/db/generated/client";

export type EmailChoices = Pick<NotificationSettings, "emailAdmins" | "emailFinance" | "dailyDigest">;

export const DEFAULT_CHOICES: EmailChoices = { emailAdmins: true, emailFinance: false, dailyDigest: false };

export const choicesOf = (settings: EmailChoices | null): EmailChoices => ({
  emailAdmins: settings?.emailAdmins ?? DEFAULT_CHOICES.emailAdmins,
  emailFinance: settings?.emailFinance ?? DEFAULT_CHOICES.emailFinance,
  dailyDigest: settings?.dailyDigest ?? DEFAULT_CHOICES.dailyDigest,
});

function rolesReached(choices: EmailChoices): MembershipRole[] {
  return [...(choices.emailAdmins ? (["ADMIN"] as const) : []), ...(choices.emailFinance ? (["FINANCE"] as const) : [])];
}

/**
 * The addresses the choices reach in one workspace, sorted. `workspace` is the filter naming it:
 * `scopedWhere(access.scope)` for a request, `{ workspaceId }` for the notification job.
 */
export async function recipientsOf(
  client: Pick<PrismaClient, "membership">,
  workspace: { workspaceId: string | { in: string[] } },
  choices: EmailChoices,
): Promise<string[]> {
  const roles = rolesReached(choices);
  if (roles.length === 0) return [];
  const members = await client.membership.findMany({
    where: { ...workspace, role: { in: roles } },
    select: { user: { select: { email: true } } },
  });
  return [...new Set(members.map(({ user }) => user.email))].sort();
}
