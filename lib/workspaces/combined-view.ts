import { PICKER_LIMIT } from "@/lib/dashboard/workspace-picker";

export interface CombinedView {
  href: string;
  count: number;
}

/**
 * "All workspaces" as usage: the dashboard of every workspace whose usage the user may view
 * (`usageViewable`, as checkAccess found them), combined, while the dashboard can hold that many;
 * null for fewer than two or too many.
 */
export function combinedView(usageViewable: readonly { workspace: { slug: string } }[]): CombinedView | null {
  const slugs = usageViewable.map((g) => g.workspace.slug);
  if (slugs.length < 2 || slugs.length > PICKER_LIMIT) return null;
  return { href: `/w/${slugs[0]}/billing?workspaces=${slugs.join(",")}`, count: slugs.length };
}
