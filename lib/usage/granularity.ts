// Rows by day summed into weeks or months (`granularity`). The days are already calendar dates in
// each workspace's time zone, so a bucket is plain date arithmetic: a month is its calendar month,
// a week starts on the locale's first day of the week. A bucket row is dated by its first day.
import { addDays, dayOfWeek, type CalendarDate } from "@/lib/periods/calendar-date";
import { fromScaled, toScaled } from "./decimal";
import type { Granularity } from "./usage-query";
import type { UsageRow } from "./usage-response";

/** 0 = Sunday … 6 = Saturday (as `dayOfWeek`). */
export type Weekday = number;

/**
 * The first day of the week in `locale`: Intl.Locale's week info where Node has it (a getter in
 * V8 until 2024, a method since); otherwise Monday, and Sunday for the United States.
 */
export function weekStartOf(locale: string): Weekday {
  try {
    const tag = new Intl.Locale(locale) as Intl.Locale & {
      weekInfo?: { firstDay: number };
      getWeekInfo?: () => { firstDay: number };
    };
    const info = typeof tag.getWeekInfo === "function" ? tag.getWeekInfo() : tag.weekInfo;
    // Intl counts 1 = Monday … 7 = Sunday.
    if (info && Number.isInteger(info.firstDay)) return info.firstDay % 7;
    return tag.maximize().region === "US" ? 0 : 1;
  } catch {
    return 1;
  }
}

/** The first day of the bucket `date` falls in. */
export function bucketOf(granularity: Granularity, weekStart: Weekday): (date: CalendarDate) => CalendarDate {
  if (granularity === "month") return (date) => `${date.slice(0, 7)}-01`;
  if (granularity === "week") return (date) => addDays(date, -((dayOfWeek(date) - weekStart + 7) % 7));
  return (date) => date;
}

const compareText = (a: string | undefined, b: string | undefined) => (a === b ? 0 : (a ?? "") < (b ?? "") ? -1 : 1);

/** Rows with dates summed per bucket and the rows' other dimensions, in the SQL's order. */
export function inBuckets<Row extends UsageRow>(rows: readonly Row[], bucket: (date: CalendarDate) => CalendarDate): UsageRow[] {
  const groups = new Map<string, { row: UsageRow; quantity: bigint }>();
  for (const row of rows) {
    const date = bucket(row.date!);
    const key = `${date}\u0000${row.workspaceId ?? ""}\u0000${row.productArea ?? ""}\u0000${row.unit}`;
    const group = groups.get(key);
    if (group) {
      group.quantity += toScaled(row.quantity);
      group.row.sourceEventCount += row.sourceEventCount;
    } else {
      const { workspaceId, productArea, unit, sourceEventCount } = row;
      groups.set(key, {
        row: {
          ...(workspaceId !== undefined && { workspaceId }),
          date,
          ...(productArea !== undefined && { productArea }),
          unit,
          quantity: "",
          sourceEventCount,
        },
        quantity: toScaled(row.quantity),
      });
    }
  }
  return [...groups.values()]
    .map(({ row, quantity }) => ({ ...row, quantity: fromScaled(quantity) }))
    .sort(
      (a, b) =>
        compareText(a.date, b.date) ||
        compareText(a.workspaceId, b.workspaceId) ||
        compareText(a.productArea, b.productArea) ||
        compareText(a.unit, b.unit),
    );
}
