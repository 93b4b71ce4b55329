import Link from "next/link";

export function WorkspaceNav({
  slug,
  current,
  showAudit,
  showUsage = true,
}: {
  slug: string;
  current: "billing" | "rates" | "invoice" | "audit";
  showAudit: boolean;
  /** False while the billing dashboard is not released to the workspace (docs/rollout.md). */
  showUsage?: boolean;
}) {
  const link = (href: string, page: typeof current, text: string) => (
    <Link href={href} aria-current={current === page ? "page" : undefined}>
      {text}
    </Link>
  );
  return (
    <nav className="subnav" aria-label="Workspace sections">
      {showUsage && (
        <>
          {link(`/w/${slug}/billing`, "billing", "Usage")}
          {link(`/w/${slug}/billing/rates`, "rates", "Rate card")}
          {link(`/w/${slug}/billing/invoice`, "invoice", "Invoice")}
        </>
      )}
      {showAudit && link(`/w/${slug}/audit`, "audit", "Audit log")}
    </nav>
  );
}
