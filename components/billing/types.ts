export interface DashboardWorkspace {
  id: string;
  slug: string;
  name: string;
  currency: string;
  timeZone: string;
  billingAnchorDay: number;
  /** The viewer may export this workspace's usage (ADMIN, FINANCE). */
  canExport: boolean;
  /** The viewer may acknowledge, resolve or dismiss this workspace's anomaly flags (ADMIN, staff SUPPORT). */
  canTriage: boolean;
  /** The viewer may set or remove this workspace's budget (ADMIN). */
  canSetBudget: boolean;
}

export interface DashboardProductArea {
  key: string;
  displayName: string;
  unit: string;
}

export interface PeriodOption {
  value: string;
  label: string;
}
