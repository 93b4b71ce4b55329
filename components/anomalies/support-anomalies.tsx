"use client";

import { useId, useMemo, useState } from "react";
import { useWorkspaceSearch } from "@/components/data/use-workspace-search";
import { AnomalyList } from "./anomaly-list";
import { KIND_LABELS, type AnomalyFlagView } from "./types";
import { useAnomalies } from "@/components/data/use-anomalies";

/** Still to deal with by default; the settled ones (resolved, dismissed) on request. */
const STATUSES = {
  "open,acknowledged": "Open and acknowledged",
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  dismissed: "Dismissed",
  "open,acknowledged,resolved,dismissed": "Any status",
} as const;
const SEVERITIES = { high: "High", medium: "Medium", low: "Low" } as const;

/** Flags across workspaces, filtered by status, kind, severity and workspace; support triages them here. */
export function SupportAnomalies({ productAreas }: { productAreas: { key: string; displayName: string; unit: string }[] }) {
  const areas = useMemo(() => new Map(productAreas.map((a) => [a.key, a])), [productAreas]);
  const [status, setStatus] = useState<keyof typeof STATUSES>("open,acknowledged");
  const [kind, setKind] = useState<AnomalyFlagView["kind"] | "">("");
  const [severity, setSeverity] = useState<keyof typeof SEVERITIES | "">("");
  const [search, setSearch] = useState("");
  const [workspace, setWorkspace] = useState<{ id: string; name: string } | null>(null);
  const searchId = useId();
  const matches = useWorkspaceSearch(search, { limit: 8, permission: "anomalies:view", enabled: search.trim().length > 0 && !workspace });
  const flags = useAnomalies({ workspaceId: workspace?.id ?? "all", status, kind: kind || undefined, severity: severity || undefined });
  const shown = flags.data?.pages.flatMap((p) => p.anomalies);

  return (
    <div className="support-anomalies">
      <form className="card filters anomaly-filters" role="search" aria-label="Filter anomaly flags" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect label="Status" value={status} options={STATUSES} onChange={setStatus} />
        <FilterSelect label="Kind" value={kind} options={KIND_LABELS} any="Any kind" onChange={setKind} />
        <FilterSelect label="Severity" value={severity} options={SEVERITIES} any="Any severity" onChange={setSeverity} />
        <div className="field workspace-filter">
          <label htmlFor={searchId}>Workspace</label>
          {workspace ? (
            <p className="chosen-workspace">
              <strong>{workspace.name}</strong>{" "}
              <button type="button" className="link-button" onClick={() => (setWorkspace(null), setSearch(""))}>
                All workspaces
              </button>
            </p>
          ) : (
            <>
              <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search by name" />
              {search.trim() && matches.data && (
                <ul className="workspace-matches" aria-label="Matching workspaces">
                  {matches.data.workspaces.map((w) => (
                    <li key={w.id}>
                      <button type="button" className="link-button" onClick={() => setWorkspace({ id: w.id, name: w.name })}>
                        {w.name}
                      </button>
                    </li>
                  ))}
                  {matches.data.workspaces.length === 0 && <li className="muted">No workspace matches.</li>}
                </ul>
              )}
            </>
          )}
        </div>
      </form>
      <section className="card anomalies" aria-labelledby="support-anomalies-title" aria-busy={flags.isFetching}>
        <h2 id="support-anomalies-title">
          {STATUSES[status]} flags{workspace ? ` · ${workspace.name}` : " · all workspaces"}
          <span className="muted"> (times in UTC)</span>
        </h2>
        {flags.isError ? (
          <p role="alert" className="error-text">
            {flags.error.message}
          </p>
        ) : !shown ? (
          <p className="muted" role="status">
            Loading anomaly flags…
          </p>
        ) : (
          <AnomalyList
            flags={shown}
            areas={areas}
            canTriage={() => true}
            showWorkspace
            linkToDay
            timeZone="UTC"
            empty={`No flags match (${STATUSES[status].toLowerCase()}).`}
          />
        )}
        {flags.hasNextPage && (
          <button type="button" className="button secondary" disabled={flags.isFetchingNextPage} onClick={() => flags.fetchNextPage()}>
            {flags.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        )}
      </section>
    </div>
  );
}

/** One labelled filter; `any` adds the choice of no filter (the empty value). */
function FilterSelect<V extends string>({
  label,
  value,
  options,
  any,
  onChange,
}: {
  label: string;
  value: V | "";
  options: Record<V, string>;
  any?: string;
  onChange: (value: V) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {any !== undefined && <option value="">{any}</option>}
        {(Object.entries(options) as [V, string][]).map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
