"use client";

import { usePathname } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { dashboardSearch, dashboardUsageParams, granularityOf, type DashboardState } from "@/lib/dashboard/dashboard-state";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import { ProductAreaBreakdown, WorkspaceBreakdown } from "./breakdown-tables";
import { ExportButton } from "@/components/exports/export-button";
import { ExportHistory } from "@/components/exports/export-history";
import { DashboardFilters } from "./dashboard-filters";
import { EmptyPeriod } from "./empty-period";
import { Freshness } from "./freshness";
import { HeadlineCards } from "./headline-cards";
import type { DashboardProductArea, DashboardWorkspace, PeriodOption } from "./types";
import { UsageChart } from "./usage-chart";
import { ProjectedInvoice } from "./projected-invoice";
import { projectedAreas } from "./projection-wording";
import { useProjection } from "@/components/data/use-projection";
import { useUsage, type SeededReport } from "@/components/data/use-usage";
import { AnomalyFlags, shownFlags } from "@/components/anomalies/anomaly-flags";
import { BudgetBanner } from "@/components/anomalies/budget-banner";
import { useBudget } from "@/components/data/use-budget";
import { BudgetPanel } from "@/components/anomalies/budget-panel";
import { useAnomalies } from "@/components/data/use-anomalies";

interface UsageDashboardProps {
  /** The workspaces in the first view, or every one the viewer may view up to PICKER_LIMIT. */
  workspaces: DashboardWorkspace[];
  /** How many workspaces the viewer may view usage of. */
  workspaceCount: number;
  productAreas: DashboardProductArea[];
  periodOptions: PeriodOption[];
  initialState: DashboardState;
  /** The first view's report, read while the page rendered on the server. */
  initialReport: SeededReport | null;
  /** Why the view differs from what the URL asked for (an unknown or future period). */
  notice?: string | null;
}

export function UsageDashboard({
  workspaces,
  workspaceCount,
  productAreas,
  periodOptions,
  initialState,
  initialReport,
  notice = null,
}: UsageDashboardProps) {
  const pathname = usePathname();
  const [state, setState] = useState(initialState);
  const [shownNotice, setShownNotice] = useState(notice);
  useEffect(() => {
    // The URL asked for something else: it now names the view on screen.
    if (notice) window.history.replaceState(null, "", `${pathname}${dashboardSearch(initialState)}`);
  }, [notice, pathname, initialState]);
  const update = (next: DashboardState) => {
    setShownNotice(null);
    setState(next);
    // Only the URL changes (for sharing and reloads): the page is not rendered again on the server,
    // which would read and audit a report the client is about to fetch anyway.
    window.history.replaceState(null, "", `${pathname}${dashboardSearch(next)}`);
  };

  // Every workspace the dashboard has heard of, by slug: the page's, then any picked from a search.
  const [known, setKnown] = useState<ReadonlyMap<string, DashboardWorkspace>>(() => new Map(workspaces.map((w) => [w.slug, w])));
  const discover = (workspace: DashboardWorkspace) =>
    setKnown((map) => (map.has(workspace.slug) ? map : new Map(map).set(workspace.slug, workspace)));

  const areas = useMemo(() => new Map(productAreas.map((a) => [a.key, a])), [productAreas]);
  const areaNames = useMemo(() => new Map(productAreas.map((a) => [a.key, a.displayName])), [productAreas]);
  const selected = state.workspaces.map((slug) => known.get(slug)).filter((w): w is DashboardWorkspace => w !== undefined);
  const { groupBy: _groupBy, compare: _compare, ...query } = dashboardUsageParams(state, known);
  const current = useUsage(dashboardUsageParams(state, known), initialReport);
  const canExport = selected.every((w) => w.canExport);
  // While days of the period are still to come: once it has ended its cost card shows its usage at
  // your prices (final once closed), and there is nothing left to project. A date range is not a
  // period: nothing is projected for it.
  const projecting =
    state.range === null &&
    current.data !== undefined &&
    current.data.totals.length > 0 &&
    calendarDateIn(new Date(current.data.generatedAt), current.data.period.timeZone) <= current.data.period.end;
  const projection = useProjection({ workspaceId: query.workspaceId!, period: query.period, productArea: query.productArea }, projecting);

  // The flags of the period in view (of every workspace in it), marked on the chart and listed.
  const period = current.data?.period;
  const anomalies = useAnomalies({ workspaceId: query.workspaceId, from: period?.start, to: period?.end }, period !== undefined);
  const flags = anomalies.data?.pages.flatMap((p) => p.anomalies);
  const [showSettled, setShowSettled] = useState(false);
  const triageable = new Set(selected.filter((w) => w.canTriage).map((w) => w.id));
  // A budget belongs to one workspace: its banner shows on that workspace's own view.
  const budget = useBudget(selected[0]?.id ?? "", selected.length === 1 && projecting);

  // The comparison comes with the report: one read, one audit row, for what the page shows.
  const comparison =
    current.data?.comparison ??
    (state.range
      ? { unavailable: "A date range is compared with nothing: “vs last period” compares billing periods" }
      : { unavailable: "No comparison with the previous period" });

  return (
    <div className="dashboard">
      {shownNotice && (
        <p className="alert notice" role="status">
          {shownNotice}
        </p>
      )}
      <DashboardFilters
        state={state}
        onChange={update}
        periodOptions={periodOptions}
        known={known}
        workspaceCount={workspaceCount}
        onDiscover={discover}
        productAreas={productAreas}
        actions={canExport ? <ExportButton params={query} empty={current.data ? current.data.totals.length === 0 : false} /> : null}
      />
      {current.isPending ? (
        <div className="dashboard-loading" role="status" aria-live="polite">
          <div className="skeleton cards" />
          <div className="skeleton chart" />
          <span className="skip-link">Loading usage…</span>
        </div>
      ) : current.isError ? (
        <div className="card alert error" role="alert">
          <strong>Usage could not be loaded.</strong> {current.error.message}{" "}
          <button type="button" className="link-button" onClick={() => current.refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <>
          <Freshness report={current.data} isFetching={current.isFetching} range={state.range} />
          {current.data.totals.length === 0 ? (
            <EmptyPeriod report={current.data} filtered={state.areas.length > 0} workspaces={selected.length} />
          ) : (
            <>
              <HeadlineCards
                totals={current.data.totals}
                comparison={comparison}
                timeZone={current.data.period.timeZone}
                areas={areas}
                cost={current.data.cost}
                closed={current.data.period.closed}
                range={state.range}
              />
              {projecting && selected.length === 1 && <BudgetBanner budget={budget.data} />}
              {projecting && (
                <ProjectedInvoice
                  projection={projection.data}
                  isError={projection.isError}
                  error={projection.error}
                  areas={projectedAreas(state.areas, productAreas)}
                  combined={selected.length > 1}
                />
              )}
              {projecting && selected.length === 1 && (
                <BudgetPanel workspaceId={selected[0]!.id} budget={budget.data} canSet={selected[0]!.canSetBudget} />
              )}
              <UsageChart
                report={current.data}
                areas={areas}
                projection={projecting ? projection.data : undefined}
                flags={shownFlags(flags, showSettled)}
                show={state.show}
                onShow={(show) => update({ ...state, show })}
                granularity={current.data.granularity}
                chosenGranularity={granularityOf(state)}
                onGranularity={(granularity) => update({ ...state, granularity })}
                budget={projecting && selected.length === 1 ? (budget.data?.budget ?? null) : null}
              />
              <AnomalyFlags
                flags={flags}
                showSettled={showSettled}
                onShowSettled={setShowSettled}
                timeZone={current.data.period.timeZone}
                isError={anomalies.isError}
                error={anomalies.error}
                areas={areas}
                canTriage={(flag) => triageable.has(flag.workspaceId)}
                showWorkspace={selected.length > 1}
              />
              <ProductAreaBreakdown
                totals={current.data.totals}
                comparison={"available" in comparison && comparison.available ? comparison : null}
                areas={areas}
                closed={current.data.period.closed}
                cost={current.data.cost}
                projection={projecting ? projection.data : undefined}
                range={state.range}
              />
              {selected.length > 1 && <WorkspaceBreakdown report={current.data} areas={areas} />}
            </>
          )}
        </>
      )}
      {canExport && <ExportHistory workspaceId={selected[0]!.id} timeZone={selected[0]!.timeZone} areaNames={areaNames} />}
    </div>
  );
}
