// What the rate card and invoice pages share: the workspace checked for usage:view (as the
// dashboard), the period of the URL read as the dashboard reads it, the period selector's options,
// and the addresses of the three views of one period.
import "server-only";
import { BILLING_FEATURE } from "@/lib/access/check-access";
import { requirePageWorkspace } from "@/lib/access/page-workspace";
import { can } from "@/lib/access/permissions";
import { dashboardSearch, parseDashboardState } from "@/lib/dashboard/dashboard-state";
import { listProductAreas } from "@/lib/metering/product-areas";
import { periodOptions } from "@/lib/periods/period-options";
import { firstUsagePeriodStart } from "@/lib/usage/first-usage";

type SearchParams = Record<string, string | string[] | undefined>;

export async function moneyPage(slug: string, searchParams: SearchParams) {
  const page = await requirePageWorkspace(slug, { permission: "usage:view", feature: BILLING_FEATURE });
  if (!page.ok) return page;
  const { workspace } = page.grant;
  const now = new Date();
  const { state, notice } = parseDashboardState(
    searchParams,
    { primary: slug, allowedWorkspaces: [slug], allowedAreas: [] },
    workspace,
    now,
  );
  const [productAreas, firstUsage] = await Promise.all([listProductAreas(), firstUsagePeriodStart(page.access.scope)]);
  // These pages show whole billing periods: a date range or the chart's choices do not carry over.
  const search = dashboardSearch({ period: state.period, range: null, granularity: null, show: "usage", areas: [], workspaces: [slug] });
  return {
    ...page,
    period: state.period,
    notice,
    productAreas,
    periodOptions: periodOptions(workspace, now, state.period, firstUsage),
    showAudit: can(page.grant.role, "audit:view"),
    showNotifications: can(page.grant.role, "notifications:view"),
    hrefs: {
      usage: `/w/${slug}/billing${search}`,
      rates: `/w/${slug}/billing/rates${search}`,
      invoice: `/w/${slug}/billing/invoice${search}`,
    },
  };
}
