// GET /api/billing/projection: each workspace × product area's period projected from the daily
// read model (lib/projection/period-total.ts), priced through the period's price book, with the
// accuracy such projections had at the same point of this workspace's earlier periods.
import "server-only";
import { record } from "@/lib/observability/metrics";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere, type WorkspaceAccess, type WorkspaceScope } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/errors/api-error";
import { auditRequest } from "@/lib/audit/audit-request";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { dateFormat } from "@/lib/format/dates";
import { addDays, calendarDateIn, startOfDayIn, parseCalendarDate } from "@/lib/periods/calendar-date";
import { resolveRange, type ResolvedRange } from "@/lib/periods/resolve-range";
import { invoiceLines } from "@/lib/pricing/invoice-lines";
import { Exact, minorUnitDigits } from "@/lib/pricing/money";
import { priceBooksInEffect } from "@/lib/pricing/price-books";
import { periodContaining } from "@/lib/periods/period";
import { versionsAndWatermark } from "@/lib/usage/get-usage";
import { periodRange } from "@/lib/usage/usage-query";
import { cachedValue } from "@/lib/usage/value-cache";
import { daysSeen, historyVersions, projectionHistory } from "./projection-history";
import type { ProjectionResponse } from "./projection-response";
import { accuracyOf, totalsByCurrency } from "./projection-totals";
import { DEFAULT_METHOD, projectWorkspace, type ProjectionWindow, type RecentRow, type WorkspaceProjection } from "./project-workspace";

/** Each workspace costs a forecast per area and its replays: a request projects at most this many. */
export const MAX_PROJECTED_WORKSPACES = 20;

export interface ProjectionInput {
  period?: string;
  productAreas?: string[] | null;
  now?: Date;
}

type Client = Pick<Prisma.TransactionClient, "billingUsageDaily" | "billingUsagePeriod" | "priceBook" | "usageVersion">;
type Window = ProjectionWindow & { resolved: ResolvedRange };

/** GET /api/billing/projection: the projection, audited as billing.projection.viewed. */
export async function projectUsage({
  ctx: { access, request },
  input,
}: DomainCall<WorkspaceContext, ProjectionInput>): Promise<ProjectionResponse> {
  const { period, productAreas = null } = input;
  const projection = await cachedProjection(access, input);
  await auditRequest(
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
 * The projection, kept while the workspaces' usage versions (which every consumer write, history
 * import and price-book change moves) have not moved; keyed by the workspace ids, the period, the
 * areas and each workspace's today.
 */
export async function cachedProjection(access: WorkspaceAccess, input: ProjectionInput): Promise<ProjectionResponse> {
  const { period, productAreas = null, now = new Date() } = input;
  const days = access.grants.map(({ workspace }) => calendarDateIn(now, workspace.timeZone)).join();
  const key = JSON.stringify(["projection", access.scope.workspaceIds, period ?? "current", productAreas, days]);
  const { versions } = await versionsAndWatermark(access, now);
  const { value } = await cachedValue(key, versions, () => computeProjection(access, input));
  return value;
}

/**
 * The projection itself, unaudited and uncached: for the endpoint above, the budget check and the
 * CSV export's estimate rows (which pass their transaction: the embedded database has one connection).
 */
export async function computeProjection(
  access: WorkspaceAccess,
  { period, productAreas = null, now = new Date() }: ProjectionInput,
  client: Client = db(),
): Promise<ProjectionResponse> {
  if (access.grants.length > MAX_PROJECTED_WORKSPACES) {
    throw new ApiError("bad_request", `Invalid query: a projection covers at most ${MAX_PROJECTED_WORKSPACES} workspaces.`);
  }
  const windows = projectionWindows(access, period, now);
  const books = await priceBooksInEffect(access.scope, new Map(windows.map((w) => [w.workspace.id, w.resolved.start])), client);
  const versions = await historyVersions(access.scope, client);
  const recentRows = await rowsAfterLastCompleteDay(access.scope, windows, client);
  const wanted = (area: string) => !productAreas || productAreas.includes(area);
  const projected: WorkspaceProjection[] = [];
  for (const window of windows) {
    const book = books.get(window.workspace.id) ?? null;
    const historyVersion = versions.get(window.workspace.id) ?? "0";
    const histories = await projectionHistory(access.scope, window, book, historyVersion, client);
    projected.push(projectWorkspace({ window, book, histories, recentRows, wanted }));
  }
  return {
    ...projectionResponse(windows[0]!, now, projected),
    previousInvoice: await previousInvoice(access.scope, windows, wanted, client),
  };
}

/**
 * The invoice of the period before the projected one: each workspace's lines of its whole period
 * (the per-period rollup) through that period's book, summed when the workspaces bill in one
 * currency (null with several, or without a book); dates are the first workspace's.
 */
async function previousInvoice(
  scope: WorkspaceScope,
  windows: readonly Window[],
  wanted: (area: string) => boolean,
  client: Client,
): Promise<ProjectionResponse["previousInvoice"]> {
  const periods = windows.map((w) => ({
    id: w.workspace.id,
    period: periodContaining(addDays(w.resolved.start, -1), w.workspace.billingAnchorDay),
  }));
  const books = await priceBooksInEffect(scope, new Map(periods.map((p) => [p.id, p.period.start])), client);
  const rows = await client.billingUsagePeriod.findMany({
    where: { ...scopedWhere(scope), OR: periods.map((p) => ({ workspaceId: p.id, periodStart: parseCalendarDate(p.period.start) })) },
    select: { workspaceId: true, productArea: true, quantity: true },
    orderBy: [{ workspaceId: "asc" }, { productArea: "asc" }],
  });
  const invoices = periods.flatMap(({ id }) => {
    const book = books.get(id);
    if (!book) return [];
    const quantities = rows.filter((r) => r.workspaceId === id && wanted(r.productArea));
    return [
      invoiceLines(
        book,
        quantities.map((r) => ({ productArea: r.productArea, quantity: r.quantity.toFixed() })),
      ),
    ];
  });
  const currencies = new Set(invoices.map((i) => i.currency));
  if (currencies.size !== 1) return null;
  const [currency] = currencies as Set<string> & [string];
  const amount = invoices.reduce((sum, i) => sum.plus(i.total), new Exact(0)).toFixed(minorUnitDigits(currency));
  const { period } = periods[0]!;
  return { currency, amount, periodStart: period.start, periodEnd: period.end };
}

/** Each workspace's period, today and last complete day. */
function projectionWindows(access: WorkspaceAccess, period: string | undefined, now: Date): Window[] {
  const graceHours = env().METERING_GRACE_HOURS;
  const range = periodRange(period);
  const windows = access.grants.map(({ workspace }) => {
    const resolved = resolveRange(workspace, range, now, graceHours);
    const today = calendarDateIn(now, workspace.timeZone);
    const lastComplete = [addDays(today, -1), resolved.end].sort()[0]!;
    return { workspace, resolved, today, lastComplete };
  });
  // A period that has not begun has no days seen, and its forecast would start from the wrong day.
  if (windows.some((w) => w.resolved.start > w.today)) {
    throw new ApiError("bad_request", "Invalid query: period has not begun; project the current period or an earlier one.");
  }
  return windows;
}

/** The days after the last complete one: the day in progress (and any usage dated later in the period). */
function rowsAfterLastCompleteDay(scope: WorkspaceScope, windows: readonly Window[], client: Client): Promise<RecentRow[]> {
  return client.billingUsageDaily.findMany({
    where: {
      ...scopedWhere(scope),
      OR: windows
        .filter((w) => w.lastComplete < w.resolved.end)
        .map((w) => ({
          workspaceId: w.workspace.id,
          usageDate: { gt: parseCalendarDate(w.lastComplete), lte: parseCalendarDate(w.resolved.end) },
        })),
    },
    select: { workspaceId: true, productArea: true, usageDate: true, quantity: true, unit: true },
  });
}

/** The workspaces' parts together, with totals, accuracy and notes; dates are the first workspace's. */
function projectionResponse(
  primary: Window,
  now: Date,
  projected: readonly WorkspaceProjection[],
): Omit<ProjectionResponse, "previousInvoice"> {
  const { resolved } = primary;
  const areas = projected.flatMap((p) => p.areas);
  const method = projected.map((p) => p.method).findLast((m) => m !== null) ?? DEFAULT_METHOD;
  return {
    period: { start: resolved.start, end: resolved.end, timeZone: resolved.timeZone, closed: resolved.closed, closesAt: resolved.closesAt },
    asOf: now.toISOString(),
    completeThrough: startOfDayIn(addDays(primary.lastComplete, 1), primary.workspace.timeZone).toISOString(),
    method: resolved.closed ? "actual" : method,
    estimate: !resolved.closed,
    totals: totalsByCurrency(areas),
    areas,
    forecast: projected.flatMap((p) => p.forecast),
    accuracy: resolved.closed
      ? null
      : accuracyOf(
          projected.flatMap((p) => p.replays),
          daysSeen(primary),
        ),
    notes: projectionNotes(primary, projected, areas),
  };
}

function projectionNotes(primary: Window, projected: readonly WorkspaceProjection[], areas: ProjectionResponse["areas"]): string[] {
  const notes: string[] = [];
  if (projected.some((p) => p.defaultRange)) notes.push("Little history: the range is a wide default, not measured from past errors.");
  if (areas.some((a) => a.currency === null)) notes.push("Some usage has no price in the price book and is not in the amounts.");
  const { resolved, workspace } = primary;
  if (!resolved.closed) {
    notes.push("An estimate, not a charge: the invoice is the period's actual usage at your prices.");
    const closes = dateFormat(workspace.locale).instant(resolved.closesAt, resolved.timeZone, { named: true });
    notes.push(`Late usage can still change the figures until ${closes}.`);
  }
  return notes;
}
