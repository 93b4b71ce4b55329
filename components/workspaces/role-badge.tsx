import type { WorkspaceRole } from "@/lib/access/permissions";

const LABELS: Record<WorkspaceRole, string> = {
  ADMIN: "Admin",
  FINANCE: "Finance",
  MEMBER: "Member",
  SUPPORT: "Support (views, triages flags)",
};

export function RoleBadge({ role }: { role: WorkspaceRole }) {
  return <span className={`role ${role}`}>{LABELS[role]}</span>;
}
