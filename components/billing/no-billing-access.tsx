import Link from "next/link";

const FEATURES = {
  billing: { title: "No access to billing data", what: "usage and billing figures" },
  audit: { title: "No access to the audit log", what: "the audit log" },
  notifications: { title: "No access to notifications", what: "the workspace's notification settings" },
} as const;

export function NoBillingAccess({
  slug,
  reason,
  feature = "billing",
}: {
  slug: string;
  reason: "not-member" | "role";
  feature?: keyof typeof FEATURES;
}) {
  const { title, what } = FEATURES[feature];
  return (
    <div className="card" role="alert" data-testid="no-billing-access">
      <h1>{title}</h1>
      <p>
        {reason === "role"
          ? `Your role in “${slug}” does not include ${what}. Ask a workspace admin if you need it.`
          : `You are not a member of a workspace called “${slug}”, or it does not exist.`}
      </p>
      <Link href="/workspaces">Back to your workspaces</Link>
    </div>
  );
}
