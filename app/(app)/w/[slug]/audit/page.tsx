import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { NoBillingAccess } from "@/components/billing/no-billing-access";
import { WorkspaceNav } from "@/components/workspaces/workspace-nav";
import { can } from "@/lib/access/permissions";
import { requirePageActor } from "@/lib/access/page-actor";
import { findWorkspaceGrantBySlug } from "@/lib/access/workspace-access";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit-event";
import { workspacePageTitle } from "@/lib/workspaces/workspace-page-title";

export async function generateMetadata({ params }: PageProps<"/w/[slug]/audit">): Promise<Metadata> {
  return { title: await workspacePageTitle((await params).slug, "Audit log") };
}

export default async function AuditPage({ params }: PageProps<"/w/[slug]/audit">) {
  const actor = await requirePageActor();
  const { slug } = await params;
  const grant = await findWorkspaceGrantBySlug(actor, slug);
  if (!grant || !can(grant.role, "audit:view")) return <NoBillingAccess slug={slug} reason={grant ? "role" : "not-member"} feature="audit" />;
  const { workspace } = grant;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log · {workspace.name}</h1>
          <p className="muted">Who looked at or took out this workspace&apos;s billing data. The log cannot be edited.</p>
        </div>
      </div>
      <WorkspaceNav slug={slug} current="audit" showAudit />
      <AuditLog workspaceId={workspace.id} actions={[...AUDIT_ACTIONS]} timeZone={workspace.timeZone} />
    </>
  );
}
