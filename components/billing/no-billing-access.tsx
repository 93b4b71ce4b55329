import Link from "next/link";

export function NoBillingAccess({ slug, reason }: { slug: string; reason: "not-member" | "role" }) {
  return (
    <div className="card" role="alert" data-testid="no-billing-access">
      <h1>No access to billing data</h1>
      <p>
        {reason === "role"
          ? `Your role in “${slug}” does not include usage and billing figures. Ask a workspace admin if you need them.`
          : `You are not a member of a workspace called “${slug}”, or it does not exist.`}
      </p>
      <Link href="/workspaces">Back to your workspaces</Link>
    </div>
  );
}
