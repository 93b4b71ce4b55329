import type { Metadata } from "next";
import { WorkspaceListControls, WorkspacePager, WorkspaceTable } from "@/components/workspaces/workspace-list";
import Link from "next/link";
import { redirect } from "next/navigation";
import { listVisibleWithBilling } from "@/lib/access/check-access";
import { requirePageActor } from "@/lib/access/page-actor";
import { combinedView } from "@/lib/workspaces/combined-view";
import { workspaceSummary } from "@/lib/workspaces/list-workspaces";
import { parseWorkspaceListParams, workspaceListPage, WORKSPACES_PER_PAGE } from "@/lib/workspaces/workspace-pages";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage({ searchParams }: PageProps<"/workspaces">) {
  const actor = await requirePageActor();
  const { grants: visible, hidden, usageViewable } = await listVisibleWithBilling(actor);
  const raw = await searchParams;
  const params = parseWorkspaceListParams(raw);
  // Someone with a single workspace has nothing to choose: they land on it.
  if (visible.length === 1 && Object.keys(raw).length === 0) {
    const [{ workspace }] = visible as [(typeof visible)[number]];
    redirect(usageViewable.length > 0 ? `/w/${workspace.slug}/billing` : `/w/${workspace.slug}`);
  }
  const list = workspaceListPage(visible, params);
  // "All workspaces" also means their usage together: offered while the dashboard can combine them.
  const combined = combinedView(usageViewable);
  // A few workspaces are simply listed; past one page, the list is searched and paged.
  const controls = visible.length > WORKSPACES_PER_PAGE || params.search !== "";
  return (
    <>
      <h1>Workspaces</h1>
      <p className="muted">
        {actor.staffRole === "SUPPORT"
          ? "As support staff you can look at every workspace and triage its anomaly flags; nothing else changes. Each look is audited."
          : "The workspaces you belong to, and your role in each."}
      </p>
      {combined && (
        <p>
          <Link className="button" href={combined.href} prefetch={false}>
            Usage of all {combined.count} workspaces combined
          </Link>
        </p>
      )}
      {controls && <WorkspaceListControls search={params.search} list={list} />}
      {visible.length === 0 ? (
        <div className="card">
          <p>You do not belong to any workspace yet. Ask a workspace admin to invite you.</p>
        </div>
      ) : (
        list.rows.length > 0 && (
          <div className="card" style={{ padding: 0, overflowX: "auto" }}>
            <WorkspaceTable workspaces={list.rows.map((grant) => workspaceSummary(grant, hidden))} />
          </div>
        )
      )}
      <WorkspacePager search={params.search} list={list} />
    </>
  );
}
