export interface DashboardWorkspace {
  id: string;
  slug: string;
  name: string;
  currency: string;
  timeZone: string;
  billingAnchorDay: number;
  /** The viewer may export this workspace's usage (ADMIN, FINANCE). */
  canExport: boolean;
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
