import Link from "next/link";

export function WorkspaceNav({
  slug,
  current,
  showAudit,
  showNotifications,
  showUsage = true,
}: {
  slug: string;
  current: "billing" | "notifications" | "audit";
  showAudit: boolean;
  /** For roles that may see where the workspace's alerts go (notifications:view). */
  showNotifications: boolean;
  /** False while the billing dashboard is not released to the workspace (docs/rollout.md). */
  showUsage?: boolean;
}) {
  const link = (section: typeof current, name: string) => (
    <Link href={`/w/${slug}/${section}`} aria-current={current === section ? "page" : undefined}>
      {name}
    </Link>
  );
  return (
    <nav className="subnav" aria-label="Workspace sections">
      {showUsage && link("billing", "Usage")}
      {showNotifications && link("notifications", "Notifications")}
      {showAudit && link("audit", "Audit log")}
    </nav>
  );
}
