import type { WorkspaceRole } from "@/lib/access/permissions";

const LABELS: Record<WorkspaceRole, string> = {
  ADMIN: "Admin",
  FINANCE: "Finance",
  MEMBER: "Member",
  SUPPORT: "Support (read-only)",
};

export function RoleBadge({ role }: { role: WorkspaceRole }) {
  return <span className={`role ${role}`}>{LABELS[role]}</span>;
}
