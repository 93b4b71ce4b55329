// The rows after the day rows: totals per product area (and per workspace when there are several),
// the period's cost per currency, and an open period's projection as rows marked as estimates,
// with their range and the time they were made (docs/decisions/0093-estimate-rows-range-and-time.md).
import "server-only";
import type { WorkspaceAccess } from "@/lib/access/workspace-access";
import type { Prisma } from "@/lib/db";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import { costOfUsage, type UsageCost } from "@/lib/pricing/cost-of-usage";
import { computeProjection, MAX_PROJECTED_WORKSPACES } from "@/lib/projection/project-usage";
import type { computeUsageTotals, ScopedRanges } from "@/lib/usage/compute-usage-report";
import type { UsageQuery } from "@/lib/usage/usage-query";

type Row = (string | number)[];
type Money = [currency: string, amount: string];
/** The columns after `amount`: an estimate's P10 and P90 (quantity, then amount) and when it was made. */
type Estimate = [quantityP10: string, quantityP90: string, amountP10: string, amountP90: string, estimatedAt: string];
type UsageTotals = Awaited<ReturnType<typeof computeUsageTotals>>;
type ExportWorkspace = ScopedRanges["workspaces"][number]["workspace"];

/** How rows name things: product areas by display name, workspaces by slug and name. */
export interface RowLabels {
  catalogue: ReadonlyMap<string, string>;
  workspaceById: ReadonlyMap<string, ExportWorkspace>;
}

export interface SummaryInput {
  access: WorkspaceAccess;
  query: UsageQuery;
  now: Date;
  scoped: ScopedRanges;
  totals: UsageTotals;
  labels: RowLabels;
}

const NO_MONEY: Money = ["", ""];
const NO_ESTIMATE: Estimate = ["", "", "", "", ""];

/** A summary row about one product area (of one workspace, or of all of them), in CSV_COLUMNS order. */
function areaRow(
  type: string,
  workspace: { slug: string; name: string } | null,
  area: { productArea: string; unit: string },
  catalogue: ReadonlyMap<string, string>,
  quantity: string,
  events: number | "",
  [currency, amount]: Money,
  estimate: Estimate = NO_ESTIMATE,
): Row {
  const name = catalogue.get(area.productArea) ?? area.productArea;
  return [
    type,
    workspace?.slug ?? "",
    workspace?.name ?? "",
    "",
    area.productArea,
    name,
    area.unit,
    quantity,
    events,
    currency,
    amount,
    ...estimate,
  ];
}

/** A row carrying only money: a currency's total of the rows before it. */
function moneyRow(type: string, currency: string, amount: string, estimate: Estimate = NO_ESTIMATE): Row {
  return [type, "", "", "", "", "", "", "", "", currency, amount, ...estimate];
}

/** Every summary row, in file order. */
export async function summaryRows(input: SummaryInput, tx: Prisma.TransactionClient): Promise<Row[]> {
  const { access, scoped, totals } = input;
  // The same invoice lines as the dashboard's: its money and the file's agree to the cent.
  const cost = scoped.ranges.every((r) => r.wholePeriod)
    ? await costOfUsage(access.scope, scoped.ranges, totals.totalsByWorkspace, { perWorkspace: true, client: tx })
    : null;
  return [...totalRows(input, cost), ...(await estimateRows(input, cost, tx))];
}

function totalRows({ scoped, totals, labels }: SummaryInput, cost: UsageCost | null): Row[] {
  const { catalogue, workspaceById } = labels;
  const areaAmount = (productArea: string): Money => {
    const amounts = cost?.byArea.filter((a) => a.productArea === productArea) ?? [];
    return amounts.length === 1 ? [amounts[0]!.currency, amounts[0]!.amount] : NO_MONEY;
  };
  const lineAmount = (workspaceId: string, productArea: string): Money => {
    const invoice = cost?.byWorkspace?.find((w) => w.workspaceId === workspaceId);
    const line = invoice?.lines.find((l) => l.productArea === productArea);
    return invoice && line ? [invoice.currency, line.amount] : NO_MONEY;
  };
  return [
    ...totals.totals.map((t) => areaRow("total", null, t, catalogue, t.quantity, t.sourceEventCount, areaAmount(t.productArea))),
    ...(scoped.ranges.length > 1
      ? totals.totalsByWorkspace.map((t) =>
          areaRow(
            "workspace_total",
            workspaceById.get(t.workspaceId)!,
            t,
            catalogue,
            t.quantity,
            t.sourceEventCount,
            lineAmount(t.workspaceId, t.productArea),
          ),
        )
      : []),
    // One row per currency: the period's cost of everything in the file, as on the dashboard.
    ...(cost?.totals ?? []).map((t) => moneyRow("cost_total", t.currency, t.amount)),
  ];
}

/** An open period's projection, in rows marked as estimates, so they are never read as charges. */
async function estimateRows(
  { access, query, now, scoped, labels }: SummaryInput,
  cost: UsageCost | null,
  tx: Prisma.TransactionClient,
): Promise<Row[]> {
  const { workspaces } = scoped;
  // Only while days are still to come: an ended period's figures are its own, late usage aside.
  const running = workspaces.some((w) => calendarDateIn(now, w.workspace.timeZone) <= w.period.end);
  if (query.range.kind !== "period" || !running || !cost) return [];
  if (workspaces.length > MAX_PROJECTED_WORKSPACES) return [];
  const { period } = query.range;
  const projection = await computeProjection(
    access,
    { period: typeof period === "string" ? period : period.month, productAreas: query.productAreas, now },
    tx,
  );
  const at = projection.asOf;
  return [
    ...projection.areas.map((a) =>
      areaRow(
        "estimate",
        labels.workspaceById.get(a.workspaceId)!,
        a,
        labels.catalogue,
        a.projectedQuantity,
        "",
        [a.currency ?? "", a.projectedAmount ?? ""],
        [a.projectedQuantityP10, a.projectedQuantityP90, a.projectedAmountP10 ?? "", a.projectedAmountP90 ?? "", at],
      ),
    ),
    ...projection.totals.map((t) =>
      moneyRow("estimate_total", t.currency, t.projectedAmount, ["", "", t.projectedAmountP10, t.projectedAmountP90, at]),
    ),
  ];
}
