"use client";

import Link from "next/link";
import { useParams, usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { SWITCHER_LIST_LIMIT, type SwitcherProps, type SwitcherWorkspace } from "@/lib/workspaces/switcher-workspaces";
import { useWorkspaceSearch } from "@/components/data/use-workspace-search";

/**
 * Where picking a workspace leads: the same page of the other workspace (e.g. its usage
 * dashboard), or its overview when that page is the billing dashboard and it is not released there.
 */
function useTarget(): (workspace: Pick<SwitcherWorkspace, "slug" | "billingDashboard"> | null) => string {
  const params = useParams<{ slug?: string }>();
  const pathname = usePathname();
  const section = params.slug ? pathname.split("/").slice(3).join("/") : "billing";
  return (workspace) => {
    if (!workspace) return "/workspaces";
    const shown = section.startsWith("billing") && !workspace.billingDashboard ? "" : section;
    return `/w/${workspace.slug}${shown ? `/${shown}` : ""}`;
  };
}

export function WorkspaceSwitcher(props: SwitcherProps) {
  if (props.total === 0) return null;
  if (props.total <= SWITCHER_LIST_LIMIT) return <SwitcherSelect workspaces={props.workspaces} combined={props.combined} />;
  return <SwitcherSearch {...props} />;
}

// The select's values besides workspace slugs (which never contain a colon).
const LIST = "";
const COMBINED = ":combined";

/** A few workspaces: all of them in a <select>, then "All workspaces" combined and the list. */
function SwitcherSelect({ workspaces, combined }: Pick<SwitcherProps, "workspaces" | "combined">) {
  const router = useRouter();
  const params = useParams<{ slug?: string }>();
  const combinedOnScreen = (useSearchParams().get("workspaces") ?? "").includes(",");
  const target = useTarget();
  const value = combined && combinedOnScreen ? COMBINED : (params.slug ?? LIST);
  return (
    <div className="switcher">
      <label htmlFor="workspace-switcher" className="skip-link">
        Switch workspace
      </label>
      <select
        id="workspace-switcher"
        value={value}
        onChange={(event) => {
          const chosen = event.target.value;
          router.push(chosen === COMBINED && combined ? combined.href : target(workspaces.find((w) => w.slug === chosen) ?? null));
        }}
      >
        {workspaces.map((workspace) => (
          <option key={workspace.slug} value={workspace.slug}>
            {workspace.name}
          </option>
        ))}
        {combined && <option value={COMBINED}>All {combined.count} workspaces combined</option>}
        <option value={LIST}>All workspaces (list)</option>
      </select>
    </div>
  );
}

/**
 * Many workspaces: a button naming the current one opens a search box over GET /api/workspaces
 * and a list of links. Arrow keys move between the box and the links; Escape closes.
 */
function SwitcherSearch({ total, workspaces, current, combined }: SwitcherProps) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const target = useTarget();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const typed = search.trim() !== "";
  const found = useWorkspaceSearch(search, { limit: SWITCHER_LIST_LIMIT, enabled: open && typed });

  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    setSearch("");
    if (refocus) button.current?.focus();
  };

  const shown: SwitcherWorkspace[] = !typed ? workspaces : (found.data?.workspaces ?? []);
  const status = !typed
    ? `The first ${workspaces.length} of ${total.toLocaleString("en-US")} workspaces; type to find others.`
    : found.isError
      ? `Search failed: ${found.error.message}`
      : !found.data || !found.settled
        ? "Searching…"
        : found.data.total === 0
          ? "No workspace matches."
          : found.data.total > found.data.workspaces.length
            ? `${found.data.workspaces.length} of ${found.data.total.toLocaleString("en-US")} matches shown; type more to narrow them down.`
            : `${found.data.total} ${found.data.total === 1 ? "match" : "matches"}.`;

  // Up and down move through the box and the links; Escape closes and returns to the button.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const stops = [input.current!, ...root.current!.querySelectorAll<HTMLAnchorElement>(".switcher-panel a")];
    const at = stops.indexOf(document.activeElement as HTMLInputElement);
    const next = event.key === "ArrowDown" ? Math.min(at + 1, stops.length - 1) : Math.max(at - 1, 0);
    event.preventDefault();
    stops[next]?.focus();
  };

  return (
    <div className="switcher switcher-search" ref={root}>
      <button
        ref={button}
        type="button"
        className="switcher-button"
        aria-expanded={open}
        aria-controls="workspace-switcher-panel"
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <span className="skip-link">Switch workspace. Current: </span>
        {current?.name ?? "All workspaces"}
      </button>
      {open && (
        <div id="workspace-switcher-panel" className="switcher-panel" onKeyDown={onKeyDown}>
          <label htmlFor="workspace-switcher">Switch workspace</label>
          <input
            ref={input}
            id="workspace-switcher"
            type="search"
            autoComplete="off"
            placeholder={`Find one of ${total.toLocaleString("en-US")} workspaces`}
            aria-describedby="workspace-switcher-status"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <p id="workspace-switcher-status" className="muted switcher-status" role="status">
            {status}
          </p>
          <ul className="switcher-results" aria-label="Workspaces">
            {shown.map((workspace) => (
              <li key={workspace.slug}>
                <Link
                  href={target(workspace)}
                  prefetch={false}
                  aria-current={workspace.slug === current?.slug ? "page" : undefined}
                  onClick={() => close(false)}
                >
                  {workspace.name} <span className="muted">{workspace.slug}</span>
                </Link>
              </li>
            ))}
          </ul>
          {combined && (
            <Link href={combined.href} className="switcher-all" prefetch={false} onClick={() => close(false)}>
              All {combined.count} workspaces combined
            </Link>
          )}
          <Link href="/workspaces" className="switcher-all" prefetch={false} onClick={() => close(false)}>
            All workspaces (list)
          </Link>
        </div>
      )}
    </div>
  );
}
