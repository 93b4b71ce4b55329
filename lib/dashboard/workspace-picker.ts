// Which workspaces the dashboard's picker lists: the chosen ones first, then the others that
// match the search (name or slug, case-insensitive), at most `limit` of them.
import { workspaceMatcher } from "@/lib/workspaces/workspace-match";

export interface PickerWorkspace {
  slug: string;
  name: string;
}

/**
 * Up to this many workspaces the page gives the picker all of them, and it filters them itself;
 * above, it gets only those in the view and searches GET /api/workspaces for the others.
 */
export const PICKER_LIMIT = 50;

export function pickerOptions<W extends PickerWorkspace>(workspaces: W[], chosenSlugs: string[], search: string, limit: number) {
  const matches = workspaceMatcher(search);
  const chosen = workspaces.filter((w) => chosenSlugs.includes(w.slug));
  const others = workspaces.filter((w) => !chosenSlugs.includes(w.slug) && matches(w));
  return { shown: [...chosen, ...others.slice(0, limit)], matchCount: others.length };
}

/**
 * The same for a picker that searched the server: `found` are the first matches of `search` and
 * `total` how many there are, chosen ones included (so ask for `limit` more than are chosen).
 * Chosen ones come first and are not counted.
 */
export function searchedPickerOptions<W extends PickerWorkspace>(chosen: W[], found: W[], total: number, search: string, limit: number) {
  const chosenSlugs = new Set(chosen.map((w) => w.slug));
  const others = found.filter((w) => !chosenSlugs.has(w.slug)).slice(0, limit);
  return { shown: [...chosen, ...others], matchCount: total - chosen.filter(workspaceMatcher(search)).length };
}

/**
 * The workspaces the billing page gives its dashboard: all it may view up to PICKER_LIMIT,
 * otherwise only those in the view (`inView`, slugs the page already checked against `permitted`).
 */
export function workspacesForPage<W extends PickerWorkspace>(permitted: readonly W[], inView: readonly string[]): W[] {
  if (permitted.length <= PICKER_LIMIT) return [...permitted];
  const wanted = new Set(inView);
  return permitted.filter((w) => wanted.has(w.slug));
}
