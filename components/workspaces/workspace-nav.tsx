import Link from "next/link";

export function WorkspaceNav({
  slug,
  current,
  showAudit,
  showNotifications,
  showUsage = true,
}: {
  slug: string;
  current: "billing" | "rates" | "invoice" | "notifications" | "audit";
  showAudit: boolean;
  /** For roles that may see where the workspace's alerts go (notifications:view). */
  showNotifications: boolean;
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
      {showNotifications && link(`/w/${slug}/notifications`, "notifications", "Notifications")}
      {showAudit && link(`/w/${slug}/audit`, "audit", "Audit log")}
    </nav>
  );
}
