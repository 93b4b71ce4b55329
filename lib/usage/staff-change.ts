// Changes staff make to a workspace's billing data from the command line (price books, imported
// history): who and which workspace, then, in the change's transaction, the usage version moved
// (cached reports and projections are not served again) and the audit row naming the staff member.
import "server-only";
import { recordAuditEvents, type AuditAction } from "@/lib/audit/record-audit-event";
import { Prisma, systemDb } from "@/lib/db";

export async function staffAndWorkspace(by: string, workspace: string, refuse: (message: string) => Error) {
  const prisma = systemDb();
  const staff = await prisma.user.findUnique({ where: { email: by } });
  if (!staff?.staffRole) throw refuse(`${by} is not a staff account.`);
  const found = await prisma.workspace.findFirst({ where: { OR: [{ slug: workspace }, { id: workspace }] } });
  if (!found) throw refuse(`No workspace ${workspace}.`);
  return { staff, workspace: found };
}

export async function recordStaffChange(
  tx: Prisma.TransactionClient,
  change: {
    staff: { id: string; email: string; staffRole: string | null };
    workspaceId: string;
    action: AuditAction;
    target: Prisma.InputJsonObject;
    metadata?: Prisma.InputJsonObject;
  },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "UsageVersion" ("workspaceId", version, "historyVersion", "updatedAt") VALUES (${change.workspaceId}, 1, 1, now())
    ON CONFLICT ("workspaceId") DO UPDATE
       SET version = "UsageVersion".version + 1, "historyVersion" = "UsageVersion"."historyVersion" + 1, "updatedAt" = now()`;
  await recordAuditEvents(
    [
      {
        actor: { id: change.staff.id, email: change.staff.email },
        workspaceId: change.workspaceId,
        action: change.action,
        target: change.target,
        metadata: { role: change.staff.staffRole, ...change.metadata },
      },
    ],
    tx,
  );
}
