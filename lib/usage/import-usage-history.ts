// History from a customer's previous system, for days before it was metered here (npm run
// usage:import). All or nothing: every line is checked before anything is written; written in one
// transaction into the daily read model, whose trigger keeps the period rollups, with the usage
// version moved (cached reports) and an audit row naming the staff member.
import "server-only";
import Papa from "papaparse";
import { systemDb, type Prisma } from "@/lib/db";
import { calendarDateIn, isValidCalendarDate, parseCalendarDate, formatCalendarDate } from "@/lib/periods/calendar-date";
import { recordStaffChange, staffAndWorkspace } from "./staff-change";

export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.map((p) => `  ${p}`).join("\n")}` : message);
  }
}

export interface ImportInput {
  /** Slug or id. */
  workspace: string;
  /** CSV `date,productArea,quantity`, dates in the workspace's time zone. */
  csv: string;
  by: string;
  /** Replace the quantities of exactly the days and areas in the file. */
  replace?: boolean;
  now?: Date;
}

const QUANTITY = /^\d{1,26}(\.\d{1,12})?$/;

type ImportRow = { date: string; productArea: string; quantity: string; line: number };

/** What a line is checked against: the areas' units, and the days before metering began. */
interface ImportRules {
  units: ReadonlyMap<string, string>;
  today: string;
  timeZone: string;
  meteredFrom: string;
}

export async function importUsageHistory({ workspace: key, csv, by, replace = false, now = new Date() }: ImportInput) {
  const prisma = systemDb();
  const { staff, workspace } = await staffAndWorkspace(by, key, (message) => new ImportRefused(message));
  const units = new Map((await prisma.productArea.findMany({ select: { key: true, unit: true } })).map((a) => [a.key, a.unit]));
  const today = calendarDateIn(now, workspace.timeZone);
  const meteredFrom = await firstMeteredDay(workspace.id, today);
  const all = checkedRows(csv, { units, today, timeZone: workspace.timeZone, meteredFrom });
  const dates = all.map((r) => r.date).sort();
  return prisma.$transaction(async (tx) => {
    const changed = await changedRows(tx, workspace.id, all, dates, replace);
    for (const row of changed) {
      await tx.$executeRaw`
        INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
        VALUES (${workspace.id}, ${row.productArea}, ${row.date}::date, ${row.quantity}::numeric, ${units.get(row.productArea)!}, 0, now())
        ON CONFLICT ("workspaceId", "productArea", "usageDate") DO UPDATE SET quantity = EXCLUDED.quantity, "updatedAt" = now()`;
    }
    if (changed.length > 0) {
      await recordStaffChange(tx, {
        staff,
        workspaceId: workspace.id,
        action: "billing.usage.imported",
        target: { from: dates[0]!, to: dates.at(-1)!, rows: all.length, changed: changed.length, replace },
      });
    }
    return { workspace: workspace.slug, rows: all.length, changed: changed.length, from: dates[0]!, to: dates.at(-1)! };
  });
}

/**
 * Metered days hold events; imported ones none. From the first metered day on, the metering
 * pipeline owns the figures: an import there would overwrite or double what it counted.
 */
async function firstMeteredDay(workspaceId: string, today: string): Promise<string> {
  const firstMetered = await systemDb().billingUsageDaily.findFirst({
    where: { workspaceId, sourceEventCount: { gt: 0 } },
    orderBy: { usageDate: "asc" },
    select: { usageDate: true },
  });
  return firstMetered ? formatCalendarDate(firstMetered.usageDate) : today;
}

/** Every line of the file, checked: all of them, or ImportRefused naming each wrong one. */
function checkedRows(csv: string, rules: ImportRules): ImportRow[] {
  const parsed = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true });
  const [header, ...lines] = parsed.data;
  if (header?.join(",") !== "date,productArea,quantity")
    throw new ImportRefused("The first line must be the header date,productArea,quantity.");
  const problems: string[] = parsed.errors.map((e) => `line ${(e.row ?? 0) + 1}: ${e.message}`);
  const rows = new Map<string, ImportRow>();
  lines.forEach(([date = "", productArea = "", quantity = "", ...extra], i) => {
    const line = i + 2;
    const wrong = lineProblems({ date, productArea, quantity, extra }, rules, rows);
    if (wrong.length) problems.push(`line ${line}: ${wrong.join("; ")}`);
    else rows.set(`${date}/${productArea}`, { date, productArea, quantity, line });
  });
  if (problems.length) throw new ImportRefused("Nothing was imported: fix these lines and import the file again.", problems);
  if (rows.size === 0) throw new ImportRefused("The file has no rows.");
  return [...rows.values()];
}

function lineProblems(
  { date, productArea, quantity, extra }: { date: string; productArea: string; quantity: string; extra: string[] },
  { units, today, timeZone, meteredFrom }: ImportRules,
  earlier: ReadonlyMap<string, ImportRow>,
): string[] {
  return [
    extra.length > 0 && "more than three columns",
    !isValidCalendarDate(date) && `date ${JSON.stringify(date)} is not a day (YYYY-MM-DD)`,
    isValidCalendarDate(date) &&
      date >= today &&
      `${date} is not in the past (today is ${today} in ${timeZone}); import only days before metering`,
    isValidCalendarDate(date) &&
      date < today &&
      date >= meteredFrom &&
      `${date} is metered here (since ${meteredFrom}); import only days before metering began`,
    !units.has(productArea) && `unknown product area ${JSON.stringify(productArea)}`,
    !QUANTITY.test(quantity) && `quantity ${JSON.stringify(quantity)} is not a non-negative decimal with at most 12 fraction digits`,
    earlier.has(`${date}/${productArea}`) && `${date} ${productArea} is already on line ${earlier.get(`${date}/${productArea}`)!.line}`,
  ].filter((problem): problem is string => Boolean(problem));
}

/** The rows whose figures differ from what the days hold; ImportRefused on any conflict without `replace`. */
async function changedRows(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  all: readonly ImportRow[],
  dates: readonly string[],
  replace: boolean,
): Promise<ImportRow[]> {
  const existing = await tx.billingUsageDaily.findMany({
    where: {
      workspaceId,
      usageDate: { gte: parseCalendarDate(dates[0]!), lte: parseCalendarDate(dates.at(-1)!) },
    },
    select: { productArea: true, usageDate: true, quantity: true },
  });
  const held = new Map(existing.map((e) => [`${formatCalendarDate(e.usageDate)}/${e.productArea}`, e.quantity]));
  const conflicts = all.filter(
    (r) => held.has(`${r.date}/${r.productArea}`) && !held.get(`${r.date}/${r.productArea}`)!.equals(r.quantity),
  );
  if (conflicts.length && !replace) {
    throw new ImportRefused(
      "Nothing was imported: these days already hold other figures (pass --replace to replace exactly the days and areas in the file).",
      conflicts
        .slice(0, 20)
        .map(
          (r) =>
            `line ${r.line}: ${r.date} ${r.productArea} holds ${held.get(`${r.date}/${r.productArea}`)!.toFixed()}, the file says ${r.quantity}`,
        ),
    );
  }
  return all.filter((r) => !held.get(`${r.date}/${r.productArea}`)?.equals(r.quantity));
}
