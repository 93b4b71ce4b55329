"use client";

import { useState, type ReactNode } from "react";
import type { DashboardState } from "@/lib/billing/dashboard-state";
import { pickerOptions } from "@/lib/billing/workspace-picker";
import type { DashboardProductArea, DashboardWorkspace, PeriodOption } from "./types";

interface FiltersProps {
  state: DashboardState;
  onChange: (next: DashboardState) => void;
  periodOptions: PeriodOption[];
  workspaces: DashboardWorkspace[];
  productAreas: DashboardProductArea[];
  /** Shown at the end of the bar (the export button). */
  actions?: ReactNode;
}

/** Past this many workspaces the picker shows a search box and at most this many matches. */
const PICKER_LIMIT = 50;

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

export function DashboardFilters({ state, onChange, periodOptions, workspaces, productAreas, actions }: FiltersProps) {
  return (
    <section className="filters card" aria-label="Filters">
      <div className="filter">
        <label htmlFor="period">Billing period</label>
        <select id="period" value={state.period} onChange={(e) => onChange({ ...state, period: e.target.value })}>
          {periodOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>

      <details className="filter">
        <summary>
          <span className="filter-label">Product areas</span>
          <strong>{state.areas.length ? `${state.areas.length} selected` : "All product areas"}</strong>
        </summary>
        <fieldset>
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
            <button type="button" className="link-button" onClick={() => onChange({ ...state, areas: [] })}>
              Show all product areas
            </button>
          )}
        </fieldset>
      </details>

      {workspaces.length > 1 && <WorkspacePicker state={state} onChange={onChange} workspaces={workspaces} />}
      {actions && <div className="filter-actions">{actions}</div>}
    </section>
  );
}

/**
 * The workspaces to combine with the page's own. An admin over thousands of workspaces gets a
 * search box: the chosen ones stay on top, then the first matches.
 */
function WorkspacePicker({ state, onChange, workspaces }: Pick<FiltersProps, "state" | "onChange" | "workspaces">) {
  const [search, setSearch] = useState("");
  const [primary, ...others] = state.workspaces;
  const { shown, matchCount } = pickerOptions(workspaces, state.workspaces, search, PICKER_LIMIT);
  const searchable = workspaces.length > PICKER_LIMIT;
  return (
    <details className="filter">
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
              placeholder={`Find one of ${workspaces.length.toLocaleString("en-US")} workspaces`}
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
              onChange={() => onChange({ ...state, workspaces: [primary!, ...toggle(others, workspace.slug)] })}
            />
            {workspace.name} <span className="muted">({workspace.timeZone})</span>
          </label>
        ))}
        {searchable && (
          <p className="muted picker-note" role="status">
            {matchCount > PICKER_LIMIT
              ? `${PICKER_LIMIT} of ${matchCount.toLocaleString("en-US")} matches shown; type to narrow them down.`
              : matchCount === 0
                ? "No other workspace matches."
                : `${matchCount} ${matchCount === 1 ? "match" : "matches"}.`}
          </p>
        )}
      </fieldset>
    </details>
  );
}
