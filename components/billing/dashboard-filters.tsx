"use client";

import type { ReactNode } from "react";
import type { DashboardState } from "@/lib/billing/dashboard-state";
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

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

export function DashboardFilters({ state, onChange, periodOptions, workspaces, productAreas, actions }: FiltersProps) {
  const [primary, ...others] = state.workspaces;
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

      {workspaces.length > 1 && (
        <details className="filter">
          <summary>
            <span className="filter-label">Workspaces</span>
            <strong>{state.workspaces.length === 1 ? "This workspace only" : `${state.workspaces.length} workspaces combined`}</strong>
          </summary>
          <fieldset>
            <legend className="skip-link">Workspaces</legend>
            {workspaces.map((workspace) => (
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
          </fieldset>
        </details>
      )}
      {actions && <div className="filter-actions">{actions}</div>}
    </section>
  );
}
