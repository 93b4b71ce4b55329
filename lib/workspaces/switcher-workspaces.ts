// What the top bar's workspace switcher is given with each page: how many workspaces the user
// sees, and only the first few of them plus the current one. Above that many the switcher
// searches GET /api/workspaces instead of listing them all in every page's HTML.
import type { WorkspaceRole } from "@/lib/access/permissions";
import { combinedView, type CombinedView } from "./combined-view";

/** Up to this many workspaces the switcher is a plain <select> of all of them. */
export const SWITCHER_LIST_LIMIT = 20;

export interface SwitcherWorkspace {
  slug: string;
  name: string;
  /** False when its billing dashboard is not released to the user: the switcher leads to its overview. */
  billingDashboard: boolean;
}

export interface SwitcherProps {
  /** How many workspaces the user sees. */
  total: number;
  /** All of them up to SWITCHER_LIST_LIMIT, otherwise the first SWITCHER_LIST_LIMIT by name. */
  workspaces: SwitcherWorkspace[];
  /** The workspace the page is about, when the user may see it. */
  current: SwitcherWorkspace | null;
  /** "All workspaces": their usage combined, when the dashboard can combine them. */
  combined: CombinedView | null;
}

type VisibleWorkspace = { workspace: { id: string; slug: string; name: string }; role: WorkspaceRole };

/**
 * `hidden`: the workspaces whose billing dashboard is not released to the user (lib/rollout);
 * `usageViewable`: those whose usage they may view (lib/access/check-access.ts).
 */
export function switcherProps(
  visible: readonly VisibleWorkspace[],
  currentSlug: string | null,
  hidden: ReadonlySet<string>,
  usageViewable: readonly { workspace: { slug: string } }[],
): SwitcherProps {
  const pick = ({ workspace: { id, slug, name } }: VisibleWorkspace): SwitcherWorkspace => ({
    slug,
    name,
    billingDashboard: !hidden.has(id),
  });
  const current = currentSlug === null ? undefined : visible.find((g) => g.workspace.slug === currentSlug);
  return {
    total: visible.length,
    workspaces: visible.slice(0, SWITCHER_LIST_LIMIT).map(pick),
    current: current ? pick(current) : null,
    combined: combinedView(usageViewable),
  };
}
