// GET /api/billing/projection: each workspace × product area's period projected from the daily
// read model (lib/projection/period-total.ts), priced through the period's price book, with the
// accuracy such projections had at the same point of this workspace's earlier periods.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere, type WorkspaceAccess } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/api/errors";
import { recordLooks } from "@/lib/audit/record-looks";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { dateFormat } from "@/lib/format/dates";
import { addDays, calendarDateIn, daysBetween, startOfDayIn } from "@/lib/periods/calendar-date";
import { resolveRange } from "@/lib/periods/resolve-range";
import { priceLine } from "@/lib/pricing/invoice-lines";
import { Exact, minorUnitDigits } from "@/lib/pricing/money";
import { priceBooksInEffect, type StoredPriceBook } from "@/lib/pricing/price-books";
import { versionsAndWatermark } from "@/lib/usage/get-usage";
import { cachedOrCompute } from "@/lib/usage/usage-cache";
import { periodRange } from "@/lib/usage/usage-query";
import { completePeriods, replayPeriods } from "./backtest";
import { projectPeriodTotal } from "./period-total";
import type { ProjectionResponse } from "./projection-response";

/** Days of history read before the period: enough for the forecast and six earlier periods. */
const HISTORY_DAYS = 400;
/** Earlier periods replayed for the accuracy line. */
const ACCURACY_PERIODS = 6;
/** Each workspace costs a forecast per area and its replays: a request projects at most this many. */
export const MAX_PROJECTED_WORKSPACES = 20;

type Area = ProjectionResponse["areas"][number];
type Amounts = { amountToDate: string; projectedAmount: string; projectedAmountP10: string; projectedAmountP90: string };

/** A forecast (a float) as a decimal string: six places are far below any unit that is billed. */
const decimalOf = (value: number) => new Exact(Math.max(0, value).toFixed(6)).toFixed();

function price(book: StoredPriceBook | null | undefined, productArea: string, quantity: string): string | null {
  const item = book?.items.find((i) => i.productArea === productArea);
  return book && item ? priceLine(item, quantity, book.currency).amount : null;
}

export interface ProjectionInput {
  period?: string;
  productAreas?: string[] | null;
  now?: Date;
}

/** GET /api/billing/projection: the projection, audited as billing.projection.viewed. */
export async function projectUsage({
  ctx: { access, request },
  input,
}: DomainCall<WorkspaceContext, ProjectionInput>): Promise<ProjectionResponse> {
  const { period, productAreas = null, now = new Date() } = input;
  // Cached like usage reports: stamped with the workspaces' usage versions, which every consumer
  // write, history import and price-book change moves; keyed by each workspace's today.
  const days = access.grants.map(({ workspace }) => calendarDateIn(now, workspace.timeZone)).join();
  const key = JSON.stringify(["projection", access.scope.workspaceIds, period ?? "current", productAreas, days]);
  const { versions } = await versionsAndWatermark(access, now);
  const { report } = await cachedOrCompute(key, versions, async () => JSON.stringify(await computeProjection(access, input)));
  const projection = JSON.parse(report.toString("utf8")) as ProjectionResponse;
  await recordLooks(
    access,
    "billing.projection.viewed",
    {
      period: { start: projection.period.start, end: projection.period.end },
      query: { period: period ?? "current", ...(productAreas && { productArea: productAreas.join(",") }) },
    },
    request,
  );
  return projection;
}

/**
 * The projection itself, unaudited: for the endpoint above and for the CSV export's estimate rows
 * (which pass their transaction: the embedded database has one connection).
 */
export async function computeProjection(
  access: WorkspaceAccess,
  { period, productAreas = null, now = new Date() }: ProjectionInput,
  client: Pick<Prisma.TransactionClient, "billingUsageDaily" | "priceBook"> = db(),
): Promise<ProjectionResponse> {
  if (access.grants.length > MAX_PROJECTED_WORKSPACES) {
    throw new ApiError("bad_request", `Invalid query: a projection covers at most ${MAX_PROJECTED_WORKSPACES} workspaces.`);
  }
  const graceHours = env().METERING_GRACE_HOURS;
  const range = periodRange(period);
  const workspaces = access.grants.map(({ workspace }) => {
    const resolved = resolveRange(workspace, range, now, graceHours);
    const today = calendarDateIn(now, workspace.timeZone);
    const lastComplete = [addDays(today, -1), resolved.end].sort()[0]!;
    return { workspace, resolved, today, lastComplete, historyStart: addDays(resolved.start, -HISTORY_DAYS) };
  });
  // A period that has not begun has no days seen, and its forecast would start from the wrong day.
  if (workspaces.some((w) => w.resolved.start > w.today)) {
    throw new ApiError("bad_request", "Invalid query: period has not begun; project the current period or an earlier one.");
  }
  const earliest = workspaces.map((w) => w.historyStart).sort()[0]!;
  const latest = workspaces
    .map((w) => w.resolved.end)
    .sort()
    .at(-1)!;
  const rows = await client.billingUsageDaily.findMany({
    where: { ...scopedWhere(access.scope), usageDate: { gte: new Date(`${earliest}T00:00:00Z`), lte: new Date(`${latest}T00:00:00Z`) } },
    select: { workspaceId: true, productArea: true, usageDate: true, quantity: true, unit: true },
  });
  const books = await priceBooksInEffect(access.scope, new Map(workspaces.map((w) => [w.workspace.id, w.resolved.start])), client);
  const rowsByWorkspace = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = rowsByWorkspace.get(row.workspaceId);
    if (list) list.push(row);
    else rowsByWorkspace.set(row.workspaceId, [row]);
  }

  const areas: Area[] = [];
  const forecast: ProjectionResponse["forecast"] = [];
  const replays: { workspaceId: string; start: string; actual: Exact[]; central: Exact[]; p10: Exact[]; p90: Exact[] }[] = [];
  let method = "weekday-profile-damped-trend";
  const notes = new Set<string>();
  for (const { workspace, resolved, today, lastComplete, historyStart } of workspaces) {
    const own = rowsByWorkspace.get(workspace.id) ?? [];
    const length = Math.max(0, daysBetween(historyStart, lastComplete) + 1);
    const observedDays = Math.max(0, daysBetween(resolved.start, lastComplete) + 1);
    const periodDays = daysBetween(resolved.start, resolved.end) + 1;
    const book = books.get(workspace.id);
    const pastPeriods = completePeriods(historyStart, length, workspace.billingAnchorDay);
    // Accuracy is replayed only on periods the workspace was metered (or imported) from their first
    // day: one it joined halfway through would score the forecast against days it never had.
    const firstDay = own.reduce(
      (first, row) => Math.min(first, daysBetween(historyStart, row.usageDate.toISOString().slice(0, 10))),
      length,
    );
    const replayable = pastPeriods.filter((p) => p.startIndex >= firstDay);
    const byArea = new Map<string, typeof own>();
    for (const row of own) {
      if (productAreas && !productAreas.includes(row.productArea)) continue;
      const list = byArea.get(row.productArea);
      if (list) list.push(row);
      else byArea.set(row.productArea, [row]);
    }
    for (const [productArea, areaRows] of [...byArea].sort(([a], [b]) => a.localeCompare(b))) {
      const history = new Array<number>(length).fill(0);
      let toDate = new Exact(0);
      let partialToday = 0;
      for (const row of areaRows) {
        const day = row.usageDate.toISOString().slice(0, 10);
        const quantity = new Exact(row.quantity.toFixed());
        if (day >= resolved.start && day <= resolved.end) toDate = toDate.plus(quantity);
        if (day <= lastComplete) history[daysBetween(historyStart, day)] = quantity.toNumber();
        else if (day === today) partialToday = quantity.toNumber();
      }
      if (toDate.isZero() && history.every((v) => v === 0)) continue;
      const quantityToDate = toDate.toFixed();
      let projected = { central: quantityToDate, p10: quantityToDate, p90: quantityToDate };
      if (!resolved.closed) {
        const total = projectPeriodTotal({ history, observedDays, periodDays, pastPeriods, partialToday });
        const seen = history.slice(length - observedDays).reduce((a, b) => a + b, 0) + partialToday;
        const plus = (value: number) => toDate.plus(decimalOf(value - seen)).toFixed();
        projected = { central: plus(total.central), p10: plus(total.p10), p90: plus(total.p90) };
        total.days.forEach((day, i) =>
          forecast.push({
            workspaceId: workspace.id,
            productArea,
            date: addDays(lastComplete, i + 1),
            quantity: decimalOf(day),
            quantityP10: decimalOf(day * total.lowFactor),
            quantityP90: decimalOf(day * total.highFactor),
          }),
        );
        if (total.method !== "weekday-profile-damped-trend") method = total.method;
        if (total.defaultRange) notes.add("Little history: the range is a wide default, not measured from past errors.");
        const recent = replayPeriods(history, replayable, observedDays).slice(-ACCURACY_PERIODS);
        const replayed = replayable.filter((p) => observedDays < p.days).slice(-ACCURACY_PERIODS);
        recent.forEach((r, i) => {
          const start = addDays(historyStart, replayed[i]!.startIndex);
          let entry = replays.find((e) => e.workspaceId === workspace.id && e.start === start);
          if (!entry) replays.push((entry = { workspaceId: workspace.id, start, actual: [], central: [], p10: [], p90: [] }));
          // Priced with this period's book: the line measures the forecast, not price changes.
          const at = (value: number) => new Exact(price(book, productArea, decimalOf(value)) ?? "0");
          entry.actual.push(at(r.actual));
          entry.central.push(at(r.method));
          entry.p10.push(at(r.p10));
          entry.p90.push(at(r.p90));
        });
      }
      const amount = (quantity: string) => price(book, productArea, quantity);
      areas.push({
        workspaceId: workspace.id,
        productArea,
        unit: areaRows[0]!.unit,
        quantityToDate,
        projectedQuantity: projected.central,
        projectedQuantityP10: projected.p10,
        projectedQuantityP90: projected.p90,
        currency: book && amount(quantityToDate) !== null ? book.currency : null,
        amountToDate: amount(quantityToDate),
        projectedAmount: amount(projected.central),
        projectedAmountP10: amount(projected.p10),
        projectedAmountP90: amount(projected.p90),
      });
    }
  }

  const primary = workspaces[0]!;
  const totals = totalsByCurrency(areas);
  if (areas.some((a) => a.currency === null)) notes.add("Some usage has no price in the price book and is not in the amounts.");
  if (!primary.resolved.closed) {
    notes.add("An estimate, not a charge: the invoice is the period's actual usage at your prices.");
    notes.add(
      `Late usage can still change the figures until ${dateFormat(primary.workspace.locale).instant(primary.resolved.closesAt, primary.resolved.timeZone, { named: true })}.`,
    );
  }
  return {
    period: {
      start: primary.resolved.start,
      end: primary.resolved.end,
      timeZone: primary.resolved.timeZone,
      closed: primary.resolved.closed,
      closesAt: primary.resolved.closesAt,
    },
    asOf: now.toISOString(),
    completeThrough: startOfDayIn(addDays(primary.lastComplete, 1), primary.workspace.timeZone).toISOString(),
    method: primary.resolved.closed ? "actual" : method,
    estimate: !primary.resolved.closed,
    totals,
    areas,
    forecast,
    accuracy: primary.resolved.closed ? null : accuracyOf(replays),
    notes: [...notes],
  };
}

function totalsByCurrency(areas: readonly Area[]): ProjectionResponse["totals"] {
  const sums = new Map<string, Record<keyof Amounts, Exact>>();
  for (const area of areas) {
    if (area.currency === null) continue;
    const sum = sums.get(area.currency) ?? {
      amountToDate: new Exact(0),
      projectedAmount: new Exact(0),
      projectedAmountP10: new Exact(0),
      projectedAmountP90: new Exact(0),
    };
    for (const key of ["amountToDate", "projectedAmount", "projectedAmountP10", "projectedAmountP90"] as const)
      sum[key] = sum[key].plus(area[key] ?? "0");
    sums.set(area.currency, sum);
  }
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sum]) => {
      const digits = minorUnitDigits(currency);
      return {
        currency,
        amountToDate: sum.amountToDate.toFixed(digits),
        projectedAmount: sum.projectedAmount.toFixed(digits),
        projectedAmountP10: sum.projectedAmountP10.toFixed(digits),
        projectedAmountP90: sum.projectedAmountP90.toFixed(digits),
      };
    });
}

function accuracyOf(replays: readonly { actual: Exact[]; central: Exact[]; p10: Exact[]; p90: Exact[] }[]): ProjectionResponse["accuracy"] {
  const total = (values: Exact[]) => values.reduce((a, b) => a.plus(b), new Exact(0));
  const periods = replays
    .map((r) => ({ actual: total(r.actual), central: total(r.central), p10: total(r.p10), p90: total(r.p90) }))
    .filter((p) => p.actual.greaterThan(0));
  if (periods.length === 0) return null;
  const errors = periods.map((p) => p.central.minus(p.actual).abs().dividedBy(p.actual).toNumber());
  return {
    periods: periods.length,
    meanAbsolutePercentageError: Number((errors.reduce((a, b) => a + b, 0) / errors.length).toFixed(4)),
    rangeCoverage: Number(
      (periods.filter((p) => p.actual.greaterThanOrEqualTo(p.p10) && p.actual.lessThanOrEqualTo(p.p90)).length / periods.length).toFixed(4),
    ),
  };
}
