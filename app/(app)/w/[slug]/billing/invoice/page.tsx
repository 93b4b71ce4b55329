import type { Metadata } from "next";
import Link from "next/link";
import { NoBillingAccess } from "@/components/billing/no-billing-access";
import { InvoicePreview } from "@/components/invoice/invoice-preview";
import { moneyPage } from "@/components/pricing/money-page";
import { PeriodPicker } from "@/components/pricing/period-picker";
import { WorkspaceNav } from "@/components/workspaces/workspace-nav";
import { workspacePageTitle } from "@/lib/workspaces/workspace-page-title";

export async function generateMetadata({ params }: PageProps<"/w/[slug]/billing/invoice">): Promise<Metadata> {
  return { title: await workspacePageTitle((await params).slug, "Invoice") };
}

export default async function InvoicePage({ params, searchParams }: PageProps<"/w/[slug]/billing/invoice">) {
  const { slug } = await params;
  const page = await moneyPage(slug, await searchParams);
  if (!page.ok) return <NoBillingAccess slug={slug} reason={page.reason} />;
  const { workspace } = page.grant;
  return (
    <>
      <div className="page-header print-hide">
        <div>
          <h1>Invoice · {workspace.name}</h1>
          <p className="muted">
            The period&apos;s invoice line by line: projected while the period runs, final once it closes.{" "}
            <Link href={page.hrefs.usage}>Back to usage</Link>
          </p>
        </div>
      </div>
      <WorkspaceNav slug={slug} current="invoice" showAudit={page.showAudit} showNotifications={page.showNotifications} />
      {page.notice && (
        <p className="alert notice print-hide" role="status">
          {page.notice}
        </p>
      )}
      <PeriodPicker period={page.period} options={page.periodOptions} />
      <InvoicePreview
        workspaceId={workspace.id}
        workspaceName={workspace.name}
        timeZone={workspace.timeZone}
        period={page.period}
        areas={page.productAreas}
        rateCardHref={page.hrefs.rates}
      />
    </>
  );
}
