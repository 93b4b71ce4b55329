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
import type { SeededReport } from "@/components/data/use-usage";
import { usagePageTitle } from "@/lib/workspaces/workspace-page-title";
import { listNames, viewName } from "@/lib/workspaces/view-name";

export async function generateMetadata({ params, searchParams }: PageProps<"/w/[slug]/billing">): Promise<Metadata> {
  return { title: await usagePageTitle((await params).slug, (await searchParams).workspaces) };
}

type DashboardProps = Omit<ComponentProps<typeof UsageDashboard>, "initialReport">;

/** The dashboard once its first report is read (streamed in when it took longer than the frame waits). */
async function SeededDashboard({ report, ...props }: DashboardProps & { report: Promise<SeededReport | null> }) {
  return <UsageDashboard {...props} initialReport={await report} />;
}

/**
 * How long the frame waits for the first report before it goes out without it. Streamed in a
 * boundary of its own, the report would be revealed no sooner than 300 ms after the frame's first
 * paint (React batches reveals), so the figures paint soonest with the frame, and a frame alone is
 * not what anyone opened the page for. Only a report slower than this (a database in trouble)
 * streams in behind the skeleton, so the page still answers.
 */
const FRAME_WAITS_FOR_REPORT_MS = 1000;

/** The promise's value if it settles within `ms`, otherwise `pending` (it may still settle, or reject, later). */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | "pending"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"pending">((resolve) => (timer = setTimeout(() => resolve("pending"), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value })), late]);
  } finally {
    clearTimeout(timer);
  }
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

  const [{ usageViewable }, productAreas] = await Promise.all([listVisibleWithBilling(actor), listProductAreas()]);
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
  const workspaces = workspacesForPage(permitted, initialState.workspaces);
  const usageParams = dashboardUsageParams(initialState, new Map(workspaces.map((w) => [w.slug, w])));
  const report = readUsage(actor, request, usageParams).then((data) => data && { params: usageParams, data });
  // The first period with usage only shapes the period selector: it is read while the report is.
  const [firstUsage, ready] = await Promise.all([firstUsagePeriodStart(access.scope), within(report, FRAME_WAITS_FOR_REPORT_MS)]);
  const dashboard: DashboardProps = {
    workspaces,
    workspaceCount: permitted.length,
    productAreas,
    periodOptions: periodOptions(workspace, now, initialState.period, firstUsage),
    initialState,
    notice,
  };
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
      {/* Figures read in time go out with the frame, in its first paint; slower ones stream in behind the skeleton. */}
      {ready === "pending" ? (
        <Suspense fallback={<DashboardSkeleton />}>
          <SeededDashboard {...dashboard} report={report} />
        </Suspense>
      ) : (
        <UsageDashboard {...dashboard} initialReport={ready.value} />
      )}
    </>
  );
}
