import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense, type ComponentProps } from "react";
import { DashboardSkeleton } from "@/components/billing/dashboard-skeleton";
import { NoBillingAccess } from "@/components/billing/no-billing-access";
import { UsageDashboard } from "@/components/billing/usage-dashboard";
import { WorkspaceNav } from "@/components/workspaces/workspace-nav";
import { requirePageWorkspace } from "@/lib/access/page-workspace";
import { can } from "@/lib/access/permissions";
import { listVisibleWorkspaces } from "@/lib/access/workspace-access";
import { requestContextFrom } from "@/lib/api/request-context";
import { dashboardUsageParams, parseDashboardState } from "@/lib/dashboard/dashboard-state";
import { hiddenWorkspaceIds } from "@/lib/rollout/feature-access";
import { periodOptions } from "@/lib/periods/period-options";
import { workspacesForPage } from "@/lib/dashboard/workspace-picker";
import { listProductAreas } from "@/lib/metering/product-areas";
import { firstUsagePeriodStart } from "@/lib/usage/first-usage";
import { usageForPage } from "@/lib/usage/usage-for-page";
import type { UsageResponse } from "@/lib/usage/usage-response";
import { usagePageTitle } from "@/lib/workspaces/workspace-page-title";
import { listNames, viewName } from "@/lib/workspaces/view-name";

export async function generateMetadata({ params, searchParams }: PageProps<"/w/[slug]/billing">): Promise<Metadata> {
  return { title: await usagePageTitle((await params).slug, (await searchParams).workspaces) };
}

async function SeededDashboard({
  read,
  ...props
}: Omit<ComponentProps<typeof UsageDashboard>, "initialReport"> & {
  read: (params: Record<string, string>) => Promise<UsageResponse | null>;
}) {
  const params = dashboardUsageParams(props.initialState, new Map(props.workspaces.map((w) => [w.slug, w])));
  const report = await read(params);
  return <UsageDashboard {...props} initialReport={report && { params, data: report }} />;
}

export default async function BillingPage({ params, searchParams }: PageProps<"/w/[slug]/billing">) {
  const { slug } = await params;
  const page = await requirePageWorkspace(slug, "usage:view", "billing-dashboard");
  if (!page.ok) return <NoBillingAccess slug={slug} reason={page.reason} />;
  const { actor, grant, access } = page;

  const [visible, productAreas, firstUsage] = await Promise.all([
    listVisibleWorkspaces(actor),
    listProductAreas(),
    firstUsagePeriodStart(access.scope),
  ]);
  const hidden = await hiddenWorkspaceIds(
    actor,
    "billing-dashboard",
    visible.map((g) => g.workspace.id),
  );
  const permitted = visible
    .filter((g) => can(g.role, "usage:view") && !hidden.has(g.workspace.id))
    .map(({ workspace: w, role }) => ({
      id: w.id,
      slug: w.slug,
      name: w.name,
      currency: w.currency,
      timeZone: w.timeZone,
      billingAnchorDay: w.billingAnchorDay,
      canExport: can(role, "usage:export"),
      canTriage: can(role, "anomalies:triage"),
      canSetBudget: can(role, "budget:set"),
    }));
  // The URL's workspaces are checked against the whole list here, on the server; the page itself
  // carries all of them only up to PICKER_LIMIT, otherwise just those in the view.
  const { workspace } = grant;
  const now = new Date();
  const { state: initialState, notice } = parseDashboardState(
    await searchParams,
    { primary: slug, allowedWorkspaces: permitted.map((w) => w.slug), allowedAreas: productAreas.map((a) => a.key) },
    workspace,
    now,
  );
  const request = requestContextFrom(await headers());
  // A combined view is named for what it combines, not for the workspace whose address it has.
  const names = initialState.workspaces.map((s) => permitted.find((w) => w.slug === s)?.name ?? s);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Usage · {viewName(names)}</h1>
          <p className="muted">
            {names.length > 1
              ? `${listNames(names)}, each in its own billing period.`
              : `Billing periods start on day ${workspace.billingAnchorDay} in ${workspace.timeZone}.`}{" "}
            Figures are usage, not charges.
          </p>
        </div>
      </div>
      <WorkspaceNav slug={slug} current="billing" showAudit={can(grant.role, "audit:view")} />
      {/* The shell goes out at once; the dashboard streams in as soon as its first report is read. */}
      <Suspense fallback={<DashboardSkeleton />}>
        <SeededDashboard
          read={(params) => usageForPage({ ctx: { actor, request }, input: params })}
          workspaces={workspacesForPage(permitted, initialState.workspaces)}
          workspaceCount={permitted.length}
          productAreas={productAreas}
          periodOptions={periodOptions(workspace, now, initialState.period, firstUsage)}
          initialState={initialState}
          notice={notice}
        />
      </Suspense>
    </>
  );
}
