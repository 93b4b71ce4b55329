import { ApiError } from "@/lib/errors/api-error";
import type { Workspace } from "@/lib/db/generated/client";
import type { WorkspaceAccess } from "./workspace-access";

/**
 * Endpoints on one workspace's settings (its budget, its price book) take exactly one workspace
 * id. `workspaceId=all` is refused for every caller, even one whose `all` covers a single
 * workspace: whether a request is valid must not depend on how many workspaces the caller has.
 */
export function oneWorkspace(access: WorkspaceAccess): Workspace {
  if (access.grants.length !== 1 || access.allVisible) {
    throw new ApiError("bad_request", "Invalid query: this endpoint reads and sets one workspace at a time.", [
      { field: "workspaceId", message: "must name one workspace" },
    ]);
  }
  return access.grants[0]!.workspace;
}
