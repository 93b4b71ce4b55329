// Detection for one workspace: its trailing days of daily usage up to the last complete local day,
// one series per product area through the detector (which judges an area's first six weeks as
// young unless it had usage before those days), each finding priced through its period's price
// book, then the stored flags synced (sync-flags.ts).
import "server-only";
import { scopedSql, unsafeSystemAccess, type WorkspaceScope } from "@/lib/access/workspace-access";
import { database, Prisma } from "@/lib/db";
import type { Workspace } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { addDays, calendarDateIn, daysBetween } from "@/lib/periods/calendar-date";
import { periodContaining } from "@/lib/periods/period";
import { priceLine } from "@/lib/pricing/invoice-lines";
import { decimalOfFloat, Exact } from "@/lib/pricing/money";
import { priceBooksInEffect, type StoredPriceBook } from "@/lib/pricing/price-books";
import { DETECTOR_VERSION, detectSeries } from "./detect-series";
import { SERIES_DAYS, type SeriesFinding } from "./finding";
import { openPeriods } from "./open-periods";
import { syncFlags, type PricedFinding, type SyncOutcome } from "./sync-flags";

export async function detectWorkspace(workspace: Workspace, now: Date = new Date()): Promise<SyncOutcome> {
  const { scope } = unsafeSystemAccess([workspace], "anomalies:view");
  const lastComplete = addDays(calendarDateIn(now, workspace.timeZone), -1);
  const start = addDays(lastComplete, -(SERIES_DAYS - 1));
  const from = openPeriods(workspace, now, env().METERING_GRACE_HOURS)[0]!.start;
  // Plain text, not decimal objects: 120 days × every area is read on each pass, and only the few
  // windows that become flags are summed exactly (from the same strings).
  const rows = await database().query<{ productArea: string; day: string; quantity: string; events: string }>(Prisma.sql`
    SELECT u."productArea", to_char(u."usageDate", 'YYYY-MM-DD') AS day, u.quantity::text AS quantity,
           u."sourceEventCount"::text AS events
      FROM "BillingUsageDaily" u
     WHERE ${scopedSql(scope, "u")} AND u."usageDate" BETWEEN ${start}::date AND ${lastComplete}::date`);
  const byArea = new Map<string, { values: number[]; events: number[]; quantities: Map<string, string> }>();
  for (const row of rows) {
    let area = byArea.get(row.productArea);
    if (!area)
      byArea.set(
        row.productArea,
        (area = { values: new Array(SERIES_DAYS).fill(0), events: new Array(SERIES_DAYS).fill(0), quantities: new Map() }),
      );
    const i = daysBetween(start, row.day);
    area.values[i] = Number(row.quantity);
    area.events[i] = Number(row.events);
    area.quantities.set(row.day, row.quantity);
  }
  const usedBefore = await areasUsedBefore(scope, start);
  const findings: PricedFinding[] = [];
  const books = new Map<string, StoredPriceBook | null>();
  for (const [productArea, area] of [...byArea].sort(([a], [b]) => a.localeCompare(b))) {
    const series = { start, values: area.values, events: area.events, usedBefore: usedBefore.has(productArea) };
    for (const finding of detectSeries(series, { from })) {
      const period = periodContaining(finding.startDate, workspace.billingAnchorDay);
      if (!books.has(period.start))
        books.set(period.start, (await priceBooksInEffect(scope, new Map([[workspace.id, period.start]]))).get(workspace.id) ?? null);
      const observed = windowQuantity(area.quantities, finding);
      findings.push(
        priced(productArea, finding, observed, books.get(period.start) ?? null, periodQuantity(area.quantities, period.start, finding)),
      );
    }
  }
  return syncFlags(scope, workspace.id, findings, { from, detectorVersion: DETECTOR_VERSION, now });
}

/** The areas with usage before `start`: their series is a slice of a longer history, not their first days. */
async function areasUsedBefore(scope: WorkspaceScope, start: string): Promise<Set<string>> {
  // One look-up per product area on the primary key, however long the history.
  const rows = await database().query<{ productArea: string }>(Prisma.sql`
    SELECT a.key AS "productArea" FROM "ProductArea" a
     WHERE EXISTS (SELECT 1 FROM "BillingUsageDaily" u
                    WHERE ${scopedSql(scope, "u")} AND u."productArea" = a.key AND u."usageDate" < ${start}::date)`);
  return new Set(rows.map((r) => r.productArea));
}

/** What the read model holds over the window, exactly (the detector sums floats). */
function windowQuantity(quantities: Map<string, string>, finding: SeriesFinding): string {
  let total = new Exact(0);
  for (const [day, quantity] of quantities) if (day >= finding.startDate && day <= finding.endDate) total = total.plus(quantity);
  return total.toFixed();
}

/** The period's quantity up to the window's end, outside the window. */
function periodQuantity(quantities: Map<string, string>, periodStart: string, finding: SeriesFinding): Exact {
  let total = new Exact(0);
  for (const [day, quantity] of quantities) {
    if (day >= periodStart && day <= finding.endDate && (day < finding.startDate || day > finding.endDate)) total = total.plus(quantity);
  }
  return total;
}

/**
 * The impact is what the anomaly adds to (or takes off) the period's invoice line: the line
 * priced with the observed window minus the line priced with the expected one, on top of the rest
 * of the period so far, so included quantities and tiers count as they will on the invoice.
 */
function priced(productArea: string, finding: SeriesFinding, observed: string, book: StoredPriceBook | null, rest: Exact): PricedFinding {
  // The baseline is an estimate: six places are far below anything billed, and read as one.
  const expected = new Exact(decimalOfFloat(finding.expected, 12)).toDecimalPlaces(6).toFixed();
  const item = book?.items.find((i) => i.productArea === productArea);
  const amount = (quantity: string) => new Exact(priceLine(item!, rest.plus(quantity).toFixed(), book!.currency).amount);
  return {
    productArea,
    kind: finding.kind,
    severity: finding.severity,
    startDate: finding.startDate,
    endDate: finding.endDate,
    expected,
    observed,
    impactAmount: item ? amount(observed).minus(amount(expected)).toFixed() : null,
    currency: item ? book!.currency : null,
  };
}
