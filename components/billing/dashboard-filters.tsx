"use client";

import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useDismissable } from "@/components/layout/use-dismissable";
import { useWorkspaceSearch } from "@/components/data/use-workspace-search";
import { rangeProblem, recentRange, type DashboardState } from "@/lib/dashboard/dashboard-state";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import { PICKER_LIMIT, pickerOptions, searchedPickerOptions } from "@/lib/dashboard/workspace-picker";
import type { WorkspaceSummary } from "@/lib/workspaces/list-workspaces";
import type { DashboardProductArea, DashboardWorkspace, PeriodOption } from "./types";

interface FiltersProps {
  state: DashboardState;
  onChange: (next: DashboardState) => void;
  periodOptions: PeriodOption[];
  /** The workspaces the dashboard knows, by slug: all the viewer may view up to PICKER_LIMIT. */
  known: ReadonlyMap<string, DashboardWorkspace>;
  /** How many workspaces the viewer may view usage of. */
  workspaceCount: number;
  /** Called with a workspace found by a search before it is added to the view. */
  onDiscover: (workspace: DashboardWorkspace) => void;
  productAreas: DashboardProductArea[];
  /** Shown at the end of the bar (the export button). */
  actions?: ReactNode;
}

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

export function DashboardFilters({
  state,
  onChange,
  periodOptions,
  known,
  workspaceCount,
  onDiscover,
  productAreas,
  actions,
}: FiltersProps) {
  const areasPopover = useDismissable();
  const areaList = useRef<HTMLFieldSetElement>(null);
  const showAllAreas = () => {
    onChange({ ...state, areas: [] });
    // The button goes away with the selection: focus stays in the popover, on its first choice,
    // instead of falling to the page (where Escape would no longer close the popover).
    areaList.current?.querySelector("input")?.focus();
  };
  // "Today" where the view's workspace is: a range may not start after it.
  const today = calendarDateIn(new Date(), known.get(state.workspaces[0] ?? "")?.timeZone ?? "UTC");
  const [picking, setPicking] = useState(state.range !== null);
  const choosePeriod = (value: string) => {
    if (value === RANGE) return setPicking(true);
    setPicking(false);
    onChange({ ...state, period: value, range: null });
  };
  return (
    <section className="filters card" aria-label="Filters">
      <div className="filter">
        <label htmlFor="period">Billing period</label>
        <select id="period" value={picking || state.range ? RANGE : state.period} onChange={(e) => choosePeriod(e.target.value)}>
          {periodOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          <option value={RANGE}>Any date range…</option>
        </select>
      </div>
      {(picking || state.range) && (
        <RangePicker
          key={state.range ? `${state.range.from}..${state.range.to}` : "new"}
          range={state.range ?? recentRange(today)}
          today={today}
          onApply={(range) => onChange({ ...state, range })}
        />
      )}

      <details className="filter" ref={areasPopover}>
        <summary>
          <span className="filter-label">Product areas</span>
          <strong>{state.areas.length ? `${state.areas.length} selected` : "All product areas"}</strong>
        </summary>
        <fieldset ref={areaList}>
          <legend className="skip-link">Product areas</legend>
          {productAreas.map((area) => (
            <label key={area.key} className="check">
              <input
                type="checkbox"
                checked={state.areas.includes(area.key)}
                onChange={() => onChange({ ...state, areas: toggle(state.areas, area.key) })}
              />
              {area.displayName} <span className="muted">({area.unit})</span>
            </label>
          ))}
          {state.areas.length > 0 && (
            <button type="button" className="link-button" onClick={showAllAreas}>
              Show all product areas
            </button>
          )}
        </fieldset>
      </details>

      {workspaceCount > 1 && (
        <WorkspacePicker state={state} onChange={onChange} known={known} workspaceCount={workspaceCount} onDiscover={onDiscover} />
      )}
      {actions && <div className="filter-actions">{actions}</div>}
    </section>
  );
}

const RANGE = "range";

/**
 * Any date range, in the workspace's time zone, both days included: shown once applied (a click
 * or Enter), so typing a day does not load a report per keystroke.
 */
function RangePicker({
  range,
  today,
  onApply,
}: {
  range: { from: string; to: string };
  today: string;
  onApply: (range: { from: string; to: string }) => void;
}) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [problem, setProblem] = useState<string | null>(null);
  const errorId = useId();
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = rangeProblem(from, to, today);
    setProblem(found);
    if (!found) onApply({ from, to });
  };
  return (
    <form className="filter range-picker" onSubmit={apply} aria-label="Date range" data-testid="range-picker">
      <div>
        <label htmlFor="range-from">From</label>
        <input
          id="range-from"
          type="date"
          value={from}
          max={today}
          onChange={(e) => setFrom(e.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem ? errorId : undefined}
        />
      </div>
      <div>
        <label htmlFor="range-to">To</label>
        <input
          id="range-to"
          type="date"
          value={to}
          min={from}
          onChange={(e) => setTo(e.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem ? errorId : undefined}
        />
      </div>
      <button type="submit" className="button secondary">
        Show range
      </button>
      {problem && (
        <p id={errorId} className="error-text range-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

const asDashboardWorkspace = ({
  id,
  slug,
  name,
  currency,
  timeZone,
  billingAnchorDay,
  permissions,
}: WorkspaceSummary): DashboardWorkspace => ({
  id,
  slug,
  name,
  currency,
  timeZone,
  billingAnchorDay,
  canExport: permissions.includes("usage:export"),
  canTriage: permissions.includes("anomalies:triage"),
  canSetBudget: permissions.includes("budget:set"),
});

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The workspaces to combine with the page's own: the chosen ones on top, then the first matches.
 * Up to PICKER_LIMIT workspaces the page gave them all and they are listed (no search box).
 * Above, a search box asks GET /api/workspaces for the first matches the viewer may view usage
 * of, whenever the picker is open.
 */
function WorkspacePicker({
  state,
  onChange,
  known,
  workspaceCount,
  onDiscover,
}: Pick<FiltersProps, "state" | "onChange" | "known" | "workspaceCount" | "onDiscover">) {
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(false);
  const popover = useDismissable();
  const [primary, ...others] = state.workspaces;
  const searchable = workspaceCount > PICKER_LIMIT;
  // Chosen workspaces among the matches are shown on top instead, so ask for that many more.
  const limit = Math.min(PICKER_LIMIT + state.workspaces.length, 100);
  const found = useWorkspaceSearch(search, { limit, permission: "usage:view", enabled: searchable && open });
  const chosen = state.workspaces.map((slug) => known.get(slug)).filter((w): w is DashboardWorkspace => w !== undefined);
  const { shown, matchCount } = !searchable
    ? pickerOptions([...known.values()], state.workspaces, search, PICKER_LIMIT)
    : searchedPickerOptions(
        chosen,
        (found.data?.workspaces ?? []).filter((w) => w.billingDashboard).map(asDashboardWorkspace),
        found.data?.total ?? 0,
        search,
        PICKER_LIMIT,
      );
  const pick = (workspace: DashboardWorkspace) => {
    onDiscover(workspace);
    onChange({ ...state, workspaces: [primary!, ...toggle(others, workspace.slug)] });
  };
  const note = found.isError
    ? `The search failed: ${found.error.message}`
    : !found.data || !found.settled
      ? "Searching…"
      : matchCount > shown.length - chosen.length
        ? `${shown.length - chosen.length} of ${count(matchCount)} matches shown; type to narrow them down.`
        : matchCount === 0
          ? "No other workspace matches."
          : `${matchCount} ${matchCount === 1 ? "match" : "matches"}.`;
  return (
    <details className="filter" ref={popover} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="filter-label">Workspaces</span>
        <strong>{state.workspaces.length === 1 ? "This workspace only" : `${state.workspaces.length} workspaces combined`}</strong>
      </summary>
      <fieldset>
        <legend className="skip-link">Workspaces</legend>
        {searchable && (
          <>
            <label htmlFor="workspace-search" className="skip-link">
              Find a workspace
            </label>
            <input
              id="workspace-search"
              type="search"
              autoComplete="off"
              placeholder={`Find one of ${count(workspaceCount)} workspaces`}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </>
        )}
        {shown.map((workspace) => (
          <label key={workspace.slug} className="check">
            <input
              type="checkbox"
              checked={state.workspaces.includes(workspace.slug)}
              disabled={workspace.slug === primary}
              onChange={() => pick(workspace)}
            />
            {workspace.name} <span className="muted">({workspace.timeZone})</span>
          </label>
        ))}
        {searchable && (
          <p className="muted picker-note" role="status">
            {note}
          </p>
        )}
      </fieldset>
    </details>
  );
}
