// The one rule for finding a workspace by what a user typed, shared by GET /api/workspaces, the
// /workspaces page and the dashboard's picker: a case-insensitive part of the name or the slug;
// nothing typed matches everything. No imports, so client components can use it too.
export function workspaceMatcher(search: string | undefined): (workspace: { name: string; slug: string }) => boolean {
  const needle = search?.trim().toLowerCase() ?? "";
  return (workspace) => !needle || workspace.name.toLowerCase().includes(needle) || workspace.slug.toLowerCase().includes(needle);
}
