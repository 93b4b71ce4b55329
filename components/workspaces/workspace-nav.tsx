import Link from "next/link";

export function WorkspaceNav({
  slug,
  current,
  showAudit,
  showUsage = true,
}: {
  slug: string;
  current: "billing" | "audit";
  showAudit: boolean;
  /** False while the billing dashboard is not released to the workspace (docs/rollout.md). */
  showUsage?: boolean;
}) {
  return (
    <nav className="subnav" aria-label="Workspace sections">
      {showUsage && (
        <Link href={`/w/${slug}/billing`} aria-current={current === "billing" ? "page" : undefined}>
          Usage
        </Link>
      )}
      {showAudit && (
        <Link href={`/w/${slug}/audit`} aria-current={current === "audit" ? "page" : undefined}>
          Audit log
        </Link>
      )}
    </nav>
  );
}
