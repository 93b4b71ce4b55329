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

export function switcherProps(
  visible: readonly { workspace: SwitcherWorkspace; role: WorkspaceRole }[],
  currentSlug: string | null,
): SwitcherProps {
  const pick = ({ workspace: { slug, name } }: { workspace: SwitcherWorkspace }): SwitcherWorkspace => ({ slug, name });
  const current = currentSlug === null ? undefined : visible.find((g) => g.workspace.slug === currentSlug);
  return {
    total: visible.length,
    workspaces: visible.slice(0, SWITCHER_LIST_LIMIT).map(pick),
    current: current ? pick(current) : null,
    combined: combinedView(visible),
  };
}
