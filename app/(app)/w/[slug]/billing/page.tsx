import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense, type ComponentProps } from "react";
import { DashboardSkeleton } from "@/components/billing/dashboard-skeleton";
import { NoBillingAccess } from "@/components/billing/no-billing-access";
import { UsageDashboard } from "@/components/billing/usage-dashboard";
import { WorkspaceNav } from "@/components/workspaces/workspace-nav";
import type { Actor } from "@/lib/access/actor";
import { BILLING_FEATURE, checkAccess, listVisibleWithBilling } from "@/lib/access/check-access";
import type { RequestContext } from "@/lib/access/domain-context";
import { requirePageWorkspace } from "@/lib/access/page-workspace";
import { can } from "@/lib/access/permissions";
import { requestContextFrom } from "@/lib/api/request-context";
import { dashboardUsageParams, parseDashboardState } from "@/lib/dashboard/dashboard-state";
import { periodOptions } from "@/lib/periods/period-options";
import { workspacesForPage } from "@/lib/dashboard/workspace-picker";
import { listProductAreas } from "@/lib/metering/product-areas";
import { firstUsagePeriodStart } from "@/lib/usage/first-usage";
import { ApiError } from "@/lib/errors/api-error";
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

/** The first report, for the workspaces of `params` as checked like the API's; null when refused (the client then asks the API). */
async function readUsage(actor: Actor, request: RequestContext, params: Record<string, string>): Promise<UsageResponse | null> {
  const ids = (params.workspaceId ?? "").split(",");
  const access = await checkAccess({ actor, workspaces: { ids }, permission: "usage:view", feature: BILLING_FEATURE }).catch((error) => {
    if (error instanceof ApiError) return null;
    throw error;
  });
  return access && usageForPage({ ctx: { actor, request, access }, input: params });
}

export default async function BillingPage({ params, searchParams }: PageProps<"/w/[slug]/billing">) {
  const { slug } = await params;
  const page = await requirePageWorkspace(slug, { permission: "usage:view", feature: BILLING_FEATURE });
  if (!page.ok) return <NoBillingAccess slug={slug} reason={page.reason} />;
  const { actor, grant, access } = page;

  const [{ usageViewable }, productAreas, firstUsage] = await Promise.all([
    listVisibleWithBilling(actor),
    listProductAreas(),
    firstUsagePeriodStart(access.scope),
  ]);
  // The controls each workspace offers: the API checks each action again.
  const permitted = usageViewable.map(({ workspace: w, role }) => ({
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
            Amounts are at your prices, before taxes and credits.
          </p>
        </div>
      </div>
      <WorkspaceNav
        slug={slug}
        current="billing"
        showAudit={can(grant.role, "audit:view")}
        showNotifications={can(grant.role, "notifications:view")}
      />
      {/* The shell goes out at once; the dashboard streams in as soon as its first report is read. */}
      <Suspense fallback={<DashboardSkeleton />}>
        <SeededDashboard
          read={(params) => readUsage(actor, request, params)}
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
