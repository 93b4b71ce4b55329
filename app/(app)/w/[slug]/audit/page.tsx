import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { NoBillingAccess } from "@/components/billing/no-billing-access";
import { WorkspaceNav } from "@/components/workspaces/workspace-nav";
import { BILLING_FEATURE, featureHidden } from "@/lib/access/check-access";
import { requirePageWorkspace } from "@/lib/access/page-workspace";
import { can } from "@/lib/access/permissions";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit-event";
import { workspacePageTitle } from "@/lib/workspaces/workspace-page-title";

export async function generateMetadata({ params }: PageProps<"/w/[slug]/audit">): Promise<Metadata> {
  return { title: await workspacePageTitle((await params).slug, "Audit log") };
}

export default async function AuditPage({ params }: PageProps<"/w/[slug]/audit">) {
  const { slug } = await params;
  const page = await requirePageWorkspace(slug, { permission: "audit:view" });
  if (!page.ok) return <NoBillingAccess slug={slug} reason={page.reason} feature="audit" />;
  const { workspace } = page.grant;
  const usageHidden = await featureHidden(page.actor, BILLING_FEATURE, workspace.id);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log · {workspace.name}</h1>
          <p className="muted">Who looked at or took out this workspace&apos;s billing data. The log cannot be edited.</p>
        </div>
      </div>
      <WorkspaceNav
        slug={slug}
        current="audit"
        showAudit
        showUsage={!usageHidden}
        showNotifications={!usageHidden && can(page.grant.role, "notifications:view")}
      />
      <AuditLog workspaceId={workspace.id} actions={[...AUDIT_ACTIONS]} timeZone={workspace.timeZone} />
    </>
  );
}
