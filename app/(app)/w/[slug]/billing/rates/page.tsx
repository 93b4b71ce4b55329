import type { Metadata } from "next";
import Link from "next/link";
import { NoBillingAccess } from "@/components/billing/no-billing-access";
import { moneyPage } from "@/components/pricing/money-page";
import { PeriodPicker } from "@/components/pricing/period-picker";
import { RateCard } from "@/components/pricing/rate-card";
import { WorkspaceNav } from "@/components/workspaces/workspace-nav";
import { workspacePageTitle } from "@/lib/workspaces/workspace-page-title";

export async function generateMetadata({ params }: PageProps<"/w/[slug]/billing/rates">): Promise<Metadata> {
  return { title: await workspacePageTitle((await params).slug, "Rate card") };
}

export default async function RatesPage({ params, searchParams }: PageProps<"/w/[slug]/billing/rates">) {
  const { slug } = await params;
  const page = await moneyPage(slug, await searchParams);
  if (!page.ok) return <NoBillingAccess slug={slug} reason={page.reason} />;
  const { workspace } = page.grant;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Rate card · {workspace.name}</h1>
          <p className="muted">
            What each unit costs, and why the projected invoice can rise faster than usage: once an included quantity is used up, the units
            after it are charged. <Link href={page.hrefs.usage}>Back to usage</Link>
          </p>
        </div>
      </div>
      <WorkspaceNav slug={slug} current="rates" showAudit={page.showAudit} showNotifications={page.showNotifications} />
      {page.notice && (
        <p className="alert notice" role="status">
          {page.notice}
        </p>
      )}
      <PeriodPicker period={page.period} options={page.periodOptions} />
      <RateCard workspaceId={workspace.id} period={page.period} areas={page.productAreas} invoiceHref={page.hrefs.invoice} />
    </>
  );
}
