/**
 * A resource addressed by a path parameter (`/exports/{id}`), whose workspaces decide access. The
 * route wrapper (lib/api/route.ts) looks it up and checks access before the handler runs. The
 * lookup is not scoped (name it `unsafe…`): its result goes straight to the access check.
 */
export interface ResourceById<R> {
  /** The path parameter holding the id, and the word for the resource in a 404 ("export"). */
  param: string;
  name: string;
  find: (id: string) => Promise<R | null>;
  workspaceIds: (resource: R) => readonly string[];
}
