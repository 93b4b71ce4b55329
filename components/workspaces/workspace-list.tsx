import Link from "next/link";
import type { WorkspaceSummary } from "@/lib/workspaces/list-workspaces";
import type { WorkspaceListPage } from "@/lib/workspaces/workspace-pages";
import { RoleBadge } from "./role-badge";

/** `/workspaces?search=&page=`, leaving out what is the default. */
function listHref(search: string, page: number): string {
  const params = new URLSearchParams();
  if (search) params.set("search", search);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/workspaces?${query}` : "/workspaces";
}

/** A search form and what is shown of how many, once there are more workspaces than fit on one page. */
export function WorkspaceListControls({ search, list }: { search: string; list: WorkspaceListPage<unknown> }) {
  return (
    <div className="workspace-list-controls">
      <form action="/workspaces" method="get" role="search" className="workspace-search">
        <label htmlFor="workspace-list-search">Find a workspace</label>
        <input id="workspace-list-search" type="search" name="search" defaultValue={search} placeholder="Name or slug" maxLength={100} />
        <button type="submit" className="button secondary">
          Search
        </button>
      </form>
      <p className="muted" role="status">
        {list.total === 0
          ? `No workspace matches “${search}”.`
          : `${list.from.toLocaleString("en-US")}–${list.to.toLocaleString("en-US")} of ${list.total.toLocaleString("en-US")}${search ? ` matching “${search}”` : ""}`}
        {search && (
          <>
            {" · "}
            <Link href="/workspaces">Show all</Link>
          </>
        )}
      </p>
    </div>
  );
}

/** Previous and next pages, below the table. */
export function WorkspacePager({ search, list }: { search: string; list: WorkspaceListPage<unknown> }) {
  if (list.pages <= 1) return null;
  return (
    <nav aria-label="Pages of workspaces" className="pager">
      {list.page > 1 && <Link href={listHref(search, list.page - 1)}>← Previous</Link>}
      <span className="muted">
        Page {list.page} of {list.pages}
      </span>
      {list.page < list.pages && <Link href={listHref(search, list.page + 1)}>Next →</Link>}
    </nav>
  );
}

export function WorkspaceTable({ workspaces }: { workspaces: WorkspaceSummary[] }) {
  return (
    <table aria-label="Your workspaces">
      <thead>
        <tr>
          <th scope="col">Workspace</th>
          <th scope="col">Your role</th>
          <th scope="col" className="hide-narrow">
            Billing time zone
          </th>
          <th scope="col" className="hide-narrow">
            Currency
          </th>
        </tr>
      </thead>
      <tbody>
        {workspaces.map((workspace) => (
          <tr key={workspace.id} data-testid={`workspace-row-${workspace.slug}`}>
            <td>
              <Link
                href={
                  workspace.permissions.includes("usage:view") && workspace.billingDashboard
                    ? `/w/${workspace.slug}/billing`
                    : `/w/${workspace.slug}`
                }
              >
                {workspace.name}
              </Link>
              <div className="muted" style={{ fontSize: "0.85rem" }}>
                {workspace.slug}
              </div>
            </td>
            <td>
              <RoleBadge role={workspace.role} />
            </td>
            <td className="hide-narrow">{workspace.timeZone}</td>
            <td className="hide-narrow">{workspace.currency}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
