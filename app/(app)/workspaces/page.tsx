import type { Metadata } from "next";
import Link from "next/link";
import { RoleBadge } from "@/components/workspaces/role-badge";
import { requirePageActor } from "@/lib/access/page-actor";
import { listWorkspaces } from "@/lib/workspaces/list-workspaces";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  const actor = await requirePageActor();
  const workspaces = await listWorkspaces(actor);
  return (
    <>
      <h1>Workspaces</h1>
      <p className="muted">
        {actor.staffRole === "SUPPORT"
          ? "As support staff you can look at every workspace, read-only. Each look is audited."
          : "The workspaces you belong to, and your role in each."}
      </p>
      <div className="card" style={{ padding: 0, overflowX: "auto" }}>
        {workspaces.length === 0 ? (
          <p style={{ padding: "1.25rem" }}>You do not belong to any workspace yet. Ask a workspace admin to invite you.</p>
        ) : (
          <table aria-label="Your workspaces">
            <thead>
              <tr>
                <th scope="col">Workspace</th>
                <th scope="col">Your role</th>
                <th scope="col" className="hide-narrow">Billing time zone</th>
                <th scope="col" className="hide-narrow">Currency</th>
              </tr>
            </thead>
            <tbody>
              {workspaces.map((workspace) => (
                <tr key={workspace.id} data-testid={`workspace-row-${workspace.slug}`}>
                  <td>
                    <Link href={workspace.permissions.includes("usage:view") ? `/w/${workspace.slug}/billing` : `/w/${workspace.slug}`}>{workspace.name}</Link>
                    <div className="muted" style={{ fontSize: "0.85rem" }}>{workspace.slug}</div>
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
        )}
      </div>
    </>
  );
}
