// Which workspaces the dashboard's picker lists: the chosen ones first, then the others that
// match the search (name or slug, case-insensitive), at most `limit` of them.
export interface PickerWorkspace {
  slug: string;
  name: string;
}

export function pickerOptions<W extends PickerWorkspace>(workspaces: W[], chosenSlugs: string[], search: string, limit: number) {
  const needle = search.trim().toLowerCase();
  const chosen = workspaces.filter((w) => chosenSlugs.includes(w.slug));
  const matches = workspaces.filter(
    (w) => !chosenSlugs.includes(w.slug) && (!needle || w.name.toLowerCase().includes(needle) || w.slug.toLowerCase().includes(needle)),
  );
  return { shown: [...chosen, ...matches.slice(0, limit)], matchCount: matches.length };
}
