/** What a usage view is called: its one workspace's name, or how many it combines. */
export function viewName(workspaceNames: readonly string[]): string {
  return workspaceNames.length > 1 ? `${workspaceNames.length} workspaces combined` : (workspaceNames[0] ?? "");
}

/** "Acme Corp, Globex and Initech". */
export function listNames(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
}
