// GET /api/billing/projection: each workspace × product area's period projected from the daily
// read model (lib/projection/period-total.ts), priced through the period's price book, with the
// accuracy such projections had at the same point of this workspace's earlier periods.
import "server-only";
import { record } from "@/lib/observability/metrics";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere, type WorkspaceAccess } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/errors/api-error";
import { recordLooks } from "@/lib/audit/record-looks";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { dateFormat } from "@/lib/format/dates";
import { addDays, calendarDateIn, startOfDayIn } from "@/lib/periods/calendar-date";
import { resolveRange } from "@/lib/periods/resolve-range";
import { Exact, minorUnitDigits } from "@/lib/pricing/money";
import { priceBooksInEffect } from "@/lib/pricing/price-books";
import { versionsAndWatermark } from "@/lib/usage/get-usage";
import { cachedOrCompute } from "@/lib/usage/usage-cache";
import { periodRange } from "@/lib/usage/usage-query";
import { withDayInProgress } from "./period-total";
import { emptyHistory, historyVersions, projectionHistory } from "./projection-history";
import { decimalOf, priceOf } from "./projection-money";
import type { ProjectionResponse } from "./projection-response";

/** Each workspace costs a forecast per area and its replays: a request projects at most this many. */
export const MAX_PROJECTED_WORKSPACES = 20;

type Area = ProjectionResponse["areas"][number];
type Amounts = { amountToDate: string; projectedAmount: string; projectedAmountP10: string; projectedAmountP90: string };

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
  record.projectionServed();
  return projection;
}

/**
 * The projection itself, unaudited: for the endpoint above and for the CSV export's estimate rows
 * (which pass their transaction: the embedded database has one connection).
 */
export async function computeProjection(
  access: WorkspaceAccess,
  { period, productAreas = null, now = new Date() }: ProjectionInput,
  client: Pick<Prisma.TransactionClient, "billingUsageDaily" | "priceBook" | "usageVersion"> = db(),
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
    return { workspace, resolved, today, lastComplete };
  });
  // A period that has not begun has no days seen, and its forecast would start from the wrong day.
  if (workspaces.some((w) => w.resolved.start > w.today)) {
    throw new ApiError("bad_request", "Invalid query: period has not begun; project the current period or an earlier one.");
  }
  const books = await priceBooksInEffect(access.scope, new Map(workspaces.map((w) => [w.workspace.id, w.resolved.start])), client);
  const versions = await historyVersions(access.scope, client);
  // The days after the last complete one: the day in progress (and any usage dated later in the period).
  const recentRows = await client.billingUsageDaily.findMany({
    where: {
      ...scopedWhere(access.scope),
      OR: workspaces
        .filter((w) => w.lastComplete < w.resolved.end)
        .map((w) => ({
          workspaceId: w.workspace.id,
          usageDate: { gt: new Date(`${w.lastComplete}T00:00:00Z`), lte: new Date(`${w.resolved.end}T00:00:00Z`) },
        })),
    },
    select: { workspaceId: true, productArea: true, usageDate: true, quantity: true, unit: true },
  });

  const areas: Area[] = [];
  const forecast: ProjectionResponse["forecast"] = [];
  const replays: { workspaceId: string; start: string; actual: Exact[]; central: Exact[]; p10: Exact[]; p90: Exact[] }[] = [];
  let method = "weekday-profile-damped-trend";
  const notes = new Set<string>();
  for (const window of workspaces) {
    const { workspace, today, lastComplete } = window;
    const book = books.get(workspace.id) ?? null;
    const wanted = (area: string) => !productAreas || productAreas.includes(area);
    const histories = new Map(
      (await projectionHistory(access.scope, window, book, versions.get(workspace.id) ?? "0", client))
        .filter((h) => wanted(h.productArea))
        .map((h) => [h.productArea, h]),
    );
    const recent = new Map<string, { toDate: Exact; partialToday: number }>();
    const firstSeenToday = new Set<string>();
    for (const row of recentRows) {
      if (row.workspaceId !== workspace.id || !wanted(row.productArea)) continue;
      if (!histories.has(row.productArea)) {
        histories.set(row.productArea, emptyHistory(row.productArea, row.unit, window));
        firstSeenToday.add(row.productArea);
      }
      const entry = recent.get(row.productArea) ?? { toDate: new Exact(0), partialToday: 0 };
      const quantity = new Exact(row.quantity.toFixed());
      entry.toDate = entry.toDate.plus(quantity);
      if (row.usageDate.toISOString().slice(0, 10) === today) entry.partialToday = quantity.toNumber();
      recent.set(row.productArea, entry);
    }
    for (const history of [...histories.values()].sort((a, b) => a.productArea.localeCompare(b.productArea))) {
      const { productArea } = history;
      const extra = recent.get(productArea) ?? { toDate: new Exact(0), partialToday: 0 };
      const toDate = new Exact(history.toDate).plus(extra.toDate);
      // An area first seen today with nothing in it yet is not shown, as it would not be from history.
      if (toDate.isZero() && firstSeenToday.has(productArea)) continue;
      const quantityToDate = toDate.toFixed();
      let projected = { central: quantityToDate, p10: quantityToDate, p90: quantityToDate };
      if (history.total) {
        const total = withDayInProgress(history.total, extra.partialToday);
        const seen = history.seen + extra.partialToday;
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
        for (const replay of history.replays) {
          let entry = replays.find((e) => e.workspaceId === workspace.id && e.start === replay.start);
          if (!entry) replays.push((entry = { workspaceId: workspace.id, start: replay.start, actual: [], central: [], p10: [], p90: [] }));
          entry.actual.push(new Exact(replay.actual));
          entry.central.push(new Exact(replay.central));
          entry.p10.push(new Exact(replay.p10));
          entry.p90.push(new Exact(replay.p90));
        }
      }
      const amount = (quantity: string) => priceOf(book, productArea, quantity);
      areas.push({
        workspaceId: workspace.id,
        productArea,
        unit: history.unit,
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
