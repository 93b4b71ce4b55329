import type { Metadata } from "next";
import Link from "next/link";
import { RoleBadge } from "@/components/workspaces/role-badge";
import { BILLING_FEATURE, featureHidden } from "@/lib/access/check-access";
import { requirePageWorkspace } from "@/lib/access/page-workspace";
import { isBillingPermission, permissionsOf } from "@/lib/access/permissions";
import { workspacePageTitle } from "@/lib/workspaces/workspace-page-title";

export async function generateMetadata({ params }: PageProps<"/w/[slug]">): Promise<Metadata> {
  return { title: await workspacePageTitle((await params).slug, "Workspace") };
}

// What each permission lets one do in the product as it is; anomaly flags are granted ahead of
// the screens that will show them, so they are not listed yet.
const PERMISSION_LABELS: Partial<Record<string, string>> = {
  "usage:view": "View usage by day, product area and workspace",
  "usage:export": "Export usage as CSV",
  "audit:view": "View the audit log",
  "notifications:view": "See where the workspace's alerts go (webhooks, e-mail)",
  "notifications:manage": "Manage webhook endpoints and who gets alerts by e-mail",
};

export default async function WorkspacePage({ params }: PageProps<"/w/[slug]">) {
  const { slug } = await params;
  const page = await requirePageWorkspace(slug);
  if (!page.ok) {
    return (
      <div className="card" role="alert">
        <h1>No access to this workspace</h1>
        <p>You are not a member of a workspace called “{slug}”, or it does not exist.</p>
        <Link href="/workspaces">Back to your workspaces</Link>
      </div>
    );
  }
  const { workspace, role } = page.grant;
  // While the billing dashboard is not released to the workspace, it offers none of it, notifications
  // included (docs/rollout.md).
  const usageHidden = await featureHidden(page.actor, BILLING_FEATURE, workspace.id);
  const permissions = permissionsOf(role).filter(
    (permission) => PERMISSION_LABELS[permission] && !(usageHidden && isBillingPermission(permission)),
  );
  return (
    <>
      <h1>{workspace.name}</h1>
      <p>
        Your role: <RoleBadge role={role} />
      </p>
      {permissions.includes("usage:view") && (
        <p>
          <Link className="button" href={`/w/${workspace.slug}/billing`}>
            Open the usage dashboard
          </Link>
        </p>
      )}
      <dl className="facts card">
        <div>
          <dt>Slug</dt>
          <dd>{workspace.slug}</dd>
        </div>
        <div>
          <dt>Billing time zone</dt>
          <dd>{workspace.timeZone}</dd>
        </div>
        <div>
          <dt>Currency</dt>
          <dd>{workspace.currency}</dd>
        </div>
        <div>
          <dt>Billing period starts on day</dt>
          <dd>{workspace.billingAnchorDay} of each month</dd>
        </div>
      </dl>
      <section className="card">
        <h2>What you can do here</h2>
        {permissions.length === 0 ? (
          <p data-testid="no-billing-access">
            Your role does not include billing data. Ask a workspace admin if you need usage or invoice figures.
          </p>
        ) : (
          <ul>
            {permissions.map((permission) => (
              <li key={permission}>{PERMISSION_LABELS[permission]}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
