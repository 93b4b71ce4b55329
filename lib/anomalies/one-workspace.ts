import type { WorkspaceAccess } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/errors/api-error";
import type { Workspace } from "@/lib/db/generated/client";

/** Budgets are per workspace: read and set for one at a time. */
export function oneWorkspace(access: WorkspaceAccess): Workspace {
  if (access.grants.length !== 1 || access.allVisible) {
    throw new ApiError("bad_request", "Invalid query: a budget is read and set for one workspace at a time.", [
      { field: "workspaceId", message: "must name one workspace" },
    ]);
  }
  return access.grants[0]!.workspace;
}
