import type { Metadata } from "next";
import { NoBillingAccess } from "@/components/billing/no-billing-access";
import { EmailChoicesCard } from "@/components/notifications/email-choices";
import { EventExamples } from "@/components/notifications/event-examples-card";
import { WebhookEndpoints } from "@/components/notifications/webhook-endpoints";
import { WorkspaceNav } from "@/components/workspaces/workspace-nav";
import { BILLING_FEATURE } from "@/lib/access/check-access";
import { requirePageWorkspace } from "@/lib/access/page-workspace";
import { can } from "@/lib/access/permissions";
import { workspacePageTitle } from "@/lib/workspaces/workspace-page-title";

export async function generateMetadata({ params }: PageProps<"/w/[slug]/notifications">): Promise<Metadata> {
  return { title: await workspacePageTitle((await params).slug, "Notifications") };
}

/** Where the workspace's alerts go: webhooks and e-mail. Admins change them; support staff read them. */
export default async function NotificationsPage({ params }: PageProps<"/w/[slug]/notifications">) {
  const { slug } = await params;
  const page = await requirePageWorkspace(slug, { permission: "notifications:view", feature: BILLING_FEATURE });
  if (!page.ok) return <NoBillingAccess slug={slug} reason={page.reason} feature="notifications" />;
  const { workspace, role } = page.grant;
  // The controls the role offers: the API checks each action again.
  const canManage = can(role, "notifications:manage");
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Notifications · {workspace.name}</h1>
          <p className="muted">
            Where this workspace&apos;s alerts go when an anomaly is flagged or resolved, or a budget threshold is crossed.
            {!canManage && " You can read these settings; the workspace's admins change them."}
          </p>
        </div>
      </div>
      <WorkspaceNav slug={slug} current="notifications" showAudit={can(role, "audit:view")} showNotifications />
      <div className="dashboard">
        <WebhookEndpoints workspaceId={workspace.id} canManage={canManage} timeZone={workspace.timeZone} />
        <EmailChoicesCard workspaceId={workspace.id} canManage={canManage} />
        <EventExamples />
      </div>
    </>
  );
}
