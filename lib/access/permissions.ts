// Who may do what on a workspace. The one table every billing endpoint checks against.
import type { MembershipRole } from "@/lib/db/generated/enums";

export const PERMISSIONS = [
  "usage:view",
  "usage:export",
  "anomalies:view",
  "anomalies:triage",
  "audit:view",
  "budget:set",
  "notifications:view",
  "notifications:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Permissions on billing data: never checked without the billing-dashboard feature (lib/access/check-access.ts). */
export const BILLING_PERMISSIONS = [
  "usage:view",
  "usage:export",
  "anomalies:view",
  "anomalies:triage",
  "budget:set",
  "notifications:view",
  "notifications:manage",
] as const satisfies readonly Permission[];
export type BillingPermission = (typeof BILLING_PERMISSIONS)[number];

export const isBillingPermission = (permission: Permission): permission is BillingPermission =>
  (BILLING_PERMISSIONS as readonly Permission[]).includes(permission);

/** A member's role in a workspace, or SUPPORT for platform staff acting on any workspace. */
export type WorkspaceRole = MembershipRole | "SUPPORT";

const GRANTS: Record<WorkspaceRole, readonly Permission[]> = {
  ADMIN: PERMISSIONS,
  FINANCE: ["usage:view", "usage:export", "anomalies:view"],
  MEMBER: [],
  SUPPORT: ["usage:view", "anomalies:view", "anomalies:triage", "notifications:view"],
};

export function can(role: WorkspaceRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: WorkspaceRole): Permission[] {
  return [...GRANTS[role]];
}
