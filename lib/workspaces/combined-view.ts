import { can, type WorkspaceRole } from "@/lib/access/permissions";
import { PICKER_LIMIT } from "@/lib/dashboard/workspace-picker";

export interface CombinedView {
  href: string;
  count: number;
}

/**
 * "All workspaces" as usage: the dashboard of every workspace whose usage the user may view,
 * combined, while the dashboard can hold that many; null for fewer than two or too many.
 */
export function combinedView(visible: readonly { workspace: { slug: string }; role: WorkspaceRole }[]): CombinedView | null {
  const slugs = visible.filter((g) => can(g.role, "usage:view")).map((g) => g.workspace.slug);
  if (slugs.length < 2 || slugs.length > PICKER_LIMIT) return null;
  return { href: `/w/${slugs[0]}/billing?workspaces=${slugs.join(",")}`, count: slugs.length };
}
