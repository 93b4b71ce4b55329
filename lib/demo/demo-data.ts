// The fixed demo tenants and accounts (documented in README.md; clients and tests rely on them).
import type { MembershipRole, StaffRole } from "@/lib/db/generated/enums";

export const DEMO_PASSWORD = "demo-password";

export interface DemoProductArea {
  key: string;
  displayName: string;
  unit: string;
  /** Typical daily quantity for a large workspace. */
  dailyBase: number;
  /** Whole units (requests, tokens...) or three decimals (hours, GB...). */
  integral: boolean;
  /** How much quieter weekends are (0 = no seasonality). */
  weekendDip: number;
}

// Several areas share a unit (vCPU-hours, requests, GB), as in real catalogues: only those are
// ever added up or stacked together.
export const DEMO_PRODUCT_AREAS: DemoProductArea[] = [
  { key: "compute", displayName: "Compute", unit: "vCPU-hours", dailyBase: 1850, integral: false, weekendDip: 0.35 },
  { key: "gpu", displayName: "GPU", unit: "GPU-hours", dailyBase: 96, integral: false, weekendDip: 0.5 },
  { key: "storage", displayName: "Object storage", unit: "GB-days", dailyBase: 42000, integral: false, weekendDip: 0 },
  { key: "bandwidth", displayName: "Bandwidth", unit: "GB", dailyBase: 3100, integral: false, weekendDip: 0.3 },
  { key: "api-requests", displayName: "API requests", unit: "requests", dailyBase: 2400000, integral: true, weekendDip: 0.45 },
  { key: "functions", displayName: "Functions", unit: "requests", dailyBase: 860000, integral: true, weekendDip: 0.4 },
  { key: "database", displayName: "Managed database", unit: "vCPU-hours", dailyBase: 310, integral: false, weekendDip: 0.15 },
  { key: "ai-tokens", displayName: "AI inference", unit: "tokens", dailyBase: 58000000, integral: true, weekendDip: 0.55 },
  { key: "logs", displayName: "Log ingestion", unit: "GB", dailyBase: 740, integral: false, weekendDip: 0.25 },
  { key: "builds", displayName: "Builds", unit: "vCPU-hours", dailyBase: 420, integral: false, weekendDip: 0.7 },
  { key: "email", displayName: "Transactional email", unit: "emails", dailyBase: 180000, integral: true, weekendDip: 0.2 },
  { key: "realtime", displayName: "Realtime", unit: "connection-minutes", dailyBase: 910000, integral: false, weekendDip: 0.3 },
];

export interface DemoWorkspace {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  /** The locale its dates are shown in. */
  locale: string;
  billingAnchorDay: number;
  /** Share of the large tier's volume. */
  scale: number;
  productAreas: string[];
}

export const DEMO_WORKSPACES: DemoWorkspace[] = [
  {
    id: "ws_acme",
    slug: "acme",
    name: "Acme Corp",
    timeZone: "America/New_York",
    currency: "USD",
    locale: "en-US",
    billingAnchorDay: 1,
    scale: 1,
    productAreas: DEMO_PRODUCT_AREAS.map((area) => area.key),
  },
  {
    id: "ws_globex",
    slug: "globex",
    name: "Globex GmbH",
    timeZone: "Europe/Berlin",
    currency: "EUR",
    locale: "en-GB",
    billingAnchorDay: 15,
    scale: 0.22,
    productAreas: ["compute", "storage", "bandwidth", "api-requests", "database", "logs"],
  },
  {
    id: "ws_initech",
    slug: "initech",
    name: "Initech KK",
    timeZone: "Asia/Tokyo",
    currency: "USD",
    locale: "ja-JP",
    billingAnchorDay: 1,
    scale: 0.03,
    productAreas: ["compute", "storage", "api-requests"],
  },
];

export interface DemoUser {
  email: string;
  name: string;
  staffRole?: StaffRole;
  memberships: { workspaceSlug: string; role: MembershipRole }[];
}

export const DEMO_USERS: DemoUser[] = [
  {
    email: "admin@example.com",
    name: "Ada Admin",
    memberships: [
      { workspaceSlug: "acme", role: "ADMIN" },
      { workspaceSlug: "globex", role: "ADMIN" },
    ],
  },
  { email: "finance@example.com", name: "Finn Finance", memberships: [{ workspaceSlug: "acme", role: "FINANCE" }] },
  { email: "member@example.com", name: "Mel Member", memberships: [{ workspaceSlug: "acme", role: "MEMBER" }] },
  { email: "support@example.com", name: "Sam Support", staffRole: "SUPPORT", memberships: [] },
  {
    email: "owner@initech.example.com",
    name: "Ina Owner",
    memberships: [{ workspaceSlug: "initech", role: "ADMIN" }],
  },
];

export const DEMO_HISTORY_DAYS = 120;

/**
 * Anomalies written into the demo's synthetic usage, in days before the workspace's today (its
 * last complete day is 1), for the detection job to find in a fresh seed: a 10× spike, a drop to
 * 30 % and three silent days (no rows at all). In areas and days no other test pins. Detection
 * reads open billing periods only, so a seed made when one lies wholly in a closed period has no
 * flag for it: the gap on the 3rd to 5th of a month in New York, the drop on the 17th in Berlin.
 * The spike, two days back, is always in an open period.
 */
export const DEMO_ANOMALIES: {
  workspace: string;
  area: string;
  kind: "spike" | "drop" | "gap";
  daysBeforeToday: number[];
  factor: number;
}[] = [
  { workspace: "acme", area: "realtime", kind: "spike", daysBeforeToday: [2], factor: 10 },
  { workspace: "acme", area: "builds", kind: "gap", daysBeforeToday: [5, 6, 7], factor: 0 },
  { workspace: "globex", area: "logs", kind: "drop", daysBeforeToday: [3], factor: 0.3 },
];

/** Daily rows the gaps above leave out of the seed. */
export const DEMO_GAP_DAYS = DEMO_ANOMALIES.filter((a) => a.kind === "gap").reduce((n, a) => n + a.daysBeforeToday.length, 0);
