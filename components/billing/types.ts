export interface DashboardWorkspace {
  id: string;
  slug: string;
  name: string;
  currency: string;
  timeZone: string;
  billingAnchorDay: number;
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
