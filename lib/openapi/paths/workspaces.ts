// Workspaces the signed-in user may see.
import { errors, json, queryParameters } from "../building-blocks";
import { workspacesResponseSchema } from "@/lib/workspaces/workspace-response";
import { workspacesQuery } from "@/lib/workspaces/workspace-search";

export function workspacesPaths() {
  return {
    "/api/workspaces": {
      get: {
        operationId: "listWorkspaces",
        tags: ["workspaces"],
        summary:
          "Workspaces the caller may see, with their role and permissions, by name; optionally searched, filtered by permission and limited",
        security: [{ session: [] }],
        parameters: queryParameters(workspacesQuery),
        responses: {
          200: json(workspacesResponseSchema, "The workspaces"),
          ...errors(400, 401),
        },
      },
    },
  };
}
