// What the usage query allows, without its schema: client components (the dashboard's filters and
// chart) read these, and must not pull zod into the browser bundle.

/** The longest custom date range, in days. */
export const MAX_RANGE_DAYS = 400;
/** How rows may be bucketed: by day, by week (starting on the locale's first day) or by month. */
export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];
