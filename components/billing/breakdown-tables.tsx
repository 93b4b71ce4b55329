"use client";

import { useDateFormat } from "@/components/layout/date-format";
import { compareDecimals, formatEstimate, formatExact } from "@/lib/format/decimal-format";
import { formatMoney, inCurrencyOrder, type Amounts } from "@/lib/format/money-format";
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import { fromScaled, toScaled } from "@/lib/usage/decimal";
import type { Comparison, UsageCost, UsageReport, UsageTotal } from "@/lib/usage/usage-response";
import { changeOf, costChangesOf, type CostComparison } from "./comparison";
import { percentChange } from "@/lib/format/decimal-format";
import { SortableTable, type Column } from "./sortable-table";
import type { DashboardProductArea } from "./types";

/** Every digit shown, sorted by the exact decimal (never through a float). */
function quantityColumn<Row extends UsageTotal>(header: string, narrowNote?: (row: Row) => string | null): Column<Row> {
  return {
    key: "quantity",
    header,
    cell: (r) => (
      <>
        <span data-figure>{formatExact(r.quantity)}</span>
        <span className="narrow-only muted"> {r.unit}</span>
        {narrowNote?.(r) && <span className="narrow-only muted">{narrowNote(r)}</span>}
      </>
    ),
    sortValue: (r) => r.quantity,
    compare: (a, b) => compareDecimals(a.quantity, b.quantity),
    numeric: true,
  };
}

function eventsColumn<Row extends UsageTotal>(): Column<Row> {
  return {
    key: "events",
    header: "Events",
    cell: (r) => r.sourceEventCount.toLocaleString("en-US"),
    sortValue: (r) => r.sourceEventCount,
    numeric: true,
    wideOnly: true,
  };
}

const changeText = (change: number | null) => (change === null ? "—" : `${change > 0 ? "+" : ""}${change.toFixed(1)}%`);

interface AreaRow extends UsageTotal {
  name: string;
  change: number | null;
  amounts: { currency: string; amount: string }[];
  costChanges: CostComparison[];
  projected: { quantity: string; amounts: { currency: string; amount: string }[] } | null;
}

/** Per product area, the projection summed over the workspaces shown (exactly, per currency). */
function projectedByArea(projection: ProjectionResponse | undefined): Map<string, NonNullable<AreaRow["projected"]>> {
  const sums = new Map<string, { quantity: bigint; amounts: Map<string, bigint> }>();
  for (const area of projection?.areas ?? []) {
    const sum = sums.get(area.productArea) ?? { quantity: 0n, amounts: new Map<string, bigint>() };
    sum.quantity += toScaled(area.projectedQuantity);
    if (area.currency && area.projectedAmount)
      sum.amounts.set(area.currency, (sum.amounts.get(area.currency) ?? 0n) + toScaled(area.projectedAmount));
    sums.set(area.productArea, sum);
  }
  return new Map(
    [...sums].map(([key, sum]) => [
      key,
      {
        quantity: fromScaled(sum.quantity),
        amounts: [...sum.amounts].map(([currency, amount]) => ({ currency, amount: fromScaled(amount) })),
      },
    ]),
  );
}

/** Amounts in a table cell: one currency a line, in currency order, so the column stays narrow. */
function AmountLines({ amounts, locale }: { amounts: Amounts; locale: string }) {
  if (!amounts.length) return <>—</>;
  return (
    <>
      {inCurrencyOrder(amounts).map((a) => (
        <span key={a.currency} className="amount-line">
          {formatMoney(a.amount, a.currency, locale)}
        </span>
      ))}
    </>
  );
}

/** Under a cost, its change against the previous period's on the compared days, per currency. */
function CostChangeLines({ changes }: { changes: CostComparison[] }) {
  return (
    <>
      {inCurrencyOrder(changes).map((c) => (
        <span key={c.currency} className="amount-line muted cost-change-line" data-cost-change={c.currency} title="Cost vs last period">
          {changeText(percentChange(c.current, c.previous))}
          {changes.length > 1 ? ` (${c.currency})` : ""}
          {/* Short, so the column stays narrow: the words are for screen readers. */}
          <span className="skip-link"> vs last period</span>
        </span>
      ))}
    </>
  );
}

/** Cost, sorted by amount within one currency (several are never compared). */
function costColumn<Row extends { amounts: { currency: string; amount: string }[]; costChanges?: CostComparison[] }>(
  header: string,
  locale: string,
): Column<Row> {
  return {
    key: "cost",
    header,
    cell: (r) => (
      <>
        <span data-cost>
          <AmountLines amounts={r.amounts} locale={locale} />
        </span>
        {r.costChanges && r.costChanges.length > 0 && <CostChangeLines changes={r.costChanges} />}
      </>
    ),
    amounts: (r) => r.amounts,
    numeric: true,
  };
}

export function ProductAreaBreakdown({
  totals,
  comparison,
  areas,
  closed,
  cost,
  projection,
  range = null,
}: {
  totals: UsageTotal[];
  /** The like-with-like comparison, when there is one. */
  comparison: Extract<Comparison, { available: true }> | null;
  areas: Map<string, DashboardProductArea>;
  /** The period is over and its figures final: they are its total, not usage "to date". */
  closed: boolean;
  cost: UsageCost | null;
  /** The open period's projection, once it has come. */
  projection?: ProjectionResponse;
  /** A date range rather than a billing period: its figures are the range's. */
  range?: { from: string; to: string } | null;
}) {
  const { locale } = useDateFormat();
  const projected = projectedByArea(projection);
  const rows: AreaRow[] = totals.map((t) => ({
    ...t,
    name: areas.get(t.productArea)?.displayName ?? t.productArea,
    change: comparison ? changeOf(comparison, t.productArea) : null,
    amounts: cost?.byArea.filter((a) => a.productArea === t.productArea) ?? [],
    costChanges: comparison ? costChangesOf(comparison, t.productArea) : [],
    projected: projected.get(t.productArea) ?? null,
  }));
  const columns: Column<AreaRow>[] = [
    { key: "name", header: "Product area", cell: (r) => r.name, sortValue: (r) => r.name },
    { key: "unit", header: "Unit", cell: (r) => r.unit, sortValue: (r) => r.unit, wideOnly: true },
    // On a phone the change goes under the figure: a column of its own was cut off.
    quantityColumn(
      range ? "Usage in range" : closed ? "Period total" : "Usage to date",
      comparison ? (r) => `${changeText(r.change)} vs last period` : undefined,
    ),
    ...(cost ? [costColumn<AreaRow>(range ? "Cost in range" : closed ? "Cost" : "Cost to date", locale)] : []),
    ...(projection
      ? [
          {
            key: "projected",
            header: "Projected (estimate)",
            cell: (r: AreaRow) =>
              r.projected ? (
                <span data-projected>
                  {formatEstimate(r.projected.quantity, r.quantity)} <span className="muted">{r.unit}</span>
                  <AmountLines amounts={r.projected.amounts} locale={locale} />
                </span>
              ) : (
                "—"
              ),
            amounts: (r: AreaRow) => r.projected?.amounts ?? [],
            numeric: true,
            wideOnly: true,
          } satisfies Column<AreaRow>,
        ]
      : []),
    eventsColumn(),
  ];
  if (comparison) {
    columns.push({
      key: "change",
      header: "vs last period",
      cell: (r) => changeText(r.change),
      sortValue: (r) => r.change ?? Number.NEGATIVE_INFINITY,
      numeric: true,
      wideOnly: true,
    });
  }
  return (
    <section className="card" aria-labelledby="by-area-title">
      <h2 id="by-area-title">By product area</h2>
      <SortableTable
        caption="Usage by product area"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.productArea}
        initialSort={{ key: "name", descending: false }}
      />
    </section>
  );
}

type WorkspaceRow = NonNullable<UsageReport["totalsByWorkspace"]>[number] & {
  workspace: string;
  name: string;
  amounts: { currency: string; amount: string }[];
};

export function WorkspaceBreakdown({ report, areas }: { report: UsageReport; areas: Map<string, DashboardProductArea> }) {
  // The dashboard names its workspaces, so the API sends both per-workspace parts.
  const workspaces = report.workspaces ?? [];
  const names = new Map(workspaces.map((w) => [w.workspaceId, w.name]));
  const dates = useDateFormat();
  const invoices = new Map((report.cost?.byWorkspace ?? []).map((w) => [w.workspaceId, w]));
  const lineAmount = (workspaceId: string, productArea: string) => {
    const invoice = invoices.get(workspaceId);
    const line = invoice?.lines.find((l) => l.productArea === productArea);
    return invoice && line ? [{ currency: invoice.currency, amount: line.amount }] : [];
  };
  const rows: WorkspaceRow[] = (report.totalsByWorkspace ?? [])
    .map((t) => ({
      ...t,
      workspace: names.get(t.workspaceId) ?? t.workspaceId,
      name: areas.get(t.productArea)?.displayName ?? t.productArea,
      amounts: lineAmount(t.workspaceId, t.productArea),
    }))
    // Within a workspace, areas by the names people read (sorting by a column is stable).
    .sort((a, b) => a.name.localeCompare(b.name));
  const columns: Column<WorkspaceRow>[] = [
    { key: "workspace", header: "Workspace", cell: (r) => r.workspace, sortValue: (r) => r.workspace },
    { key: "name", header: "Product area", cell: (r) => r.name, sortValue: (r) => r.name },
    { key: "unit", header: "Unit", cell: (r) => r.unit, sortValue: (r) => r.unit, wideOnly: true },
    quantityColumn("Usage"),
    ...(report.cost ? [costColumn<WorkspaceRow>("Cost", dates.locale)] : []),
    eventsColumn(),
  ];
  return (
    <section className="card" aria-labelledby="by-workspace-title">
      <h2 id="by-workspace-title">By workspace</h2>
      <p className="muted">
        Each workspace counts its own billing period (
        {workspaces.map((w) => `${w.name}: ${dates.dayRange(w.period.start, w.period.end)}`).join("; ")}).
      </p>
      <SortableTable
        caption="Usage by workspace and product area"
        columns={columns}
        rows={rows}
        rowKey={(r) => `${r.workspaceId}/${r.productArea}`}
        initialSort={{ key: "workspace", descending: false }}
      />
    </section>
  );
}
