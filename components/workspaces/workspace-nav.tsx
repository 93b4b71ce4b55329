import Link from "next/link";

export function WorkspaceNav({ slug, current, showAudit }: { slug: string; current: "billing" | "audit"; showAudit: boolean }) {
  return (
    <nav className="subnav" aria-label="Workspace sections">
      <Link href={`/w/${slug}/billing`} aria-current={current === "billing" ? "page" : undefined}>
        Usage
      </Link>
      {showAudit && (
        <Link href={`/w/${slug}/audit`} aria-current={current === "audit" ? "page" : undefined}>
          Audit log
        </Link>
      )}
    </nav>
  );
}
