// The query contract of GET /api/billing/usage (and of the CSV export, which takes the same).
import { z } from "zod";
import { calendarDateParam as calendarDate } from "@/lib/query/calendar-params";
import { inYears, YEARS } from "@/lib/periods/year-window";
import { addDays } from "@/lib/periods/calendar-date";
import { GRANULARITIES, MAX_RANGE_DAYS, type Granularity } from "./usage-limits";

export { GRANULARITIES, MAX_RANGE_DAYS, type Granularity };

export const GROUP_BY_DIMENSIONS = ["day", "productArea", "workspace"] as const;
export type GroupByDimension = (typeof GROUP_BY_DIMENSIONS)[number];
/** Parts of the response that grow with the number of workspaces (see `include`). */
export const PER_WORKSPACE_PARTS = ["workspaces", "totalsByWorkspace"] as const;
export type PerWorkspacePart = (typeof PER_WORKSPACE_PARTS)[number];

const splitList = z.string().transform((value) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean),
);
/** `productArea=a,b`: only these product areas. */
export const productAreaList = splitList.pipe(z.array(z.string().min(1).max(64)).min(1, "must list at least one value").max(50));
const groupByList = splitList.pipe(z.array(z.enum(GROUP_BY_DIMENSIONS)).min(1, "must list at least one value"));
const includeList = splitList.pipe(z.array(z.enum(PER_WORKSPACE_PARTS)).min(1, "must list at least one value"));

/** `period=current|previous|YYYY-MM`, shared by the usage and projection APIs. */
export const periodParam = z
  .string()
  .regex(/^(current|previous|\d{4}-(0[1-9]|1[0-2]))$/, { error: "must be current, previous or a month YYYY-MM", abort: true })
  .refine((value) => !/^\d/.test(value) || inYears(Number(value.slice(0, 4))), `must be a month in a year ${YEARS}`)
  .optional()
  .describe("Billing period: current, previous, or the period that starts in month YYYY-MM. Default: current.");

/** The parsed `period` parameter as a range. */
export function periodRange(period: string | undefined): UsageRange {
  if (!period || period === "current" || period === "previous")
    return { kind: "period", period: (period ?? "current") as "current" | "previous" };
  return { kind: "period", period: { month: period } };
}

export const usageQueryInput = z
  .object({
    period: periodParam,
    from: calendarDate.optional().describe("First day (inclusive), instead of period. Requires `to`."),
    to: calendarDate.optional().describe(`Last day (inclusive). At most ${MAX_RANGE_DAYS} days after \`from\`.`),
    productArea: productAreaList.optional().describe("Only these product areas (comma-separated keys)."),
    groupBy: groupByList.optional().describe("Aggregate rows by these dimensions (comma-separated): day, productArea, workspace."),
    include: includeList
      .optional()
      .describe(
        "Per-workspace parts to return (comma-separated): workspaces, totalsByWorkspace. Listed workspaces get both without asking; workspaceId=all only gets those named here.",
      ),
    granularity: z
      .enum(GRANULARITIES)
      .optional()
      .describe(
        "day (default), week or month: rows with days are summed into buckets, each dated by its first day; weeks start on the first day of the week of the (first) workspace's locale, months are calendar months, both in the workspace's time zone. Quantities and amounts sum alike. The CSV export accepts it and ignores it: its rows are always days.",
      ),
    compare: z
      .enum(["previous"])
      .optional()
      .describe(
        "previous: also compare with the previous period, like with like (comparison). A running period's complete days against as many days of the previous period on the same weekdays; an ended period against the whole period before.",
      ),
  })
  .superRefine((query, ctx) => {
    if (query.period && (query.from || query.to)) {
      ctx.addIssue({ code: "custom", path: ["period"], message: "cannot be combined with from/to" });
    }
    if (Boolean(query.from) !== Boolean(query.to)) {
      ctx.addIssue({ code: "custom", path: [query.from ? "to" : "from"], message: "is required with the other end of the range" });
    }
    if (query.from && query.to) {
      if (query.to < query.from) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
      else if (addDays(query.from, MAX_RANGE_DAYS - 1) < query.to) {
        ctx.addIssue({ code: "custom", path: ["to"], message: `the range may span at most ${MAX_RANGE_DAYS} days` });
      }
    }
  });

export type UsageRange =
  { kind: "period"; period: "current" | "previous" | { month: string } } | { kind: "dates"; from: string; to: string };

export interface UsageQuery {
  range: UsageRange;
  productAreas: string[] | null;
  groupBy: GroupByDimension[] | null;
  /** Asked for explicitly; null when `include` was not given. */
  include: PerWorkspacePart[] | null;
  /** Add the comparison with the previous period. */
  compare: boolean;
  /** How rows with days are bucketed. */
  granularity: Granularity;
}

export const usageQuery = usageQueryInput.transform((query): UsageQuery => ({
  range:
    query.from && query.to
      ? { kind: "dates", from: query.from, to: query.to }
      : {
          kind: "period",
          period:
            !query.period || query.period === "current" || query.period === "previous"
              ? ((query.period ?? "current") as "current" | "previous")
              : { month: query.period },
        },
  productAreas: query.productArea ? [...new Set(query.productArea)].sort() : null,
  groupBy: query.groupBy ? GROUP_BY_DIMENSIONS.filter((d) => query.groupBy!.includes(d)) : null,
  include: query.include ? PER_WORKSPACE_PARTS.filter((part) => query.include!.includes(part)) : null,
  compare: query.compare === "previous",
  granularity: query.granularity ?? "day",
}));

/**
 * The query as audit rows keep it: what was validated, in the URL's own terms, and nothing else.
 * The workspaces are not in it: the row lists the checked scope itself.
 */
export function auditedUsageQuery(query: UsageQuery): Record<string, string> {
  const { range } = query;
  const audited: Record<string, string> =
    range.kind === "dates"
      ? { from: range.from, to: range.to }
      : { period: typeof range.period === "string" ? range.period : range.period.month };
  if (query.productAreas) audited.productArea = query.productAreas.join(",");
  if (query.groupBy) audited.groupBy = query.groupBy.join(",");
  if (query.include) audited.include = query.include.join(",");
  if (query.compare) audited.compare = "previous";
  if (query.granularity !== "day") audited.granularity = query.granularity;
  return audited;
}
