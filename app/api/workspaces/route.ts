import { parseWith, queryObject, withActor } from "@/lib/api/route";
import { findWorkspaces } from "@/lib/workspaces/list-workspaces";
import { workspacesQuery } from "@/lib/workspaces/workspace-search";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withActor(async ({ ctx, request }) =>
      Response.json(await findWorkspaces({ ctx, input: parseWith(workspacesQuery, queryObject(request), "query") })),
    ),
  },
  { route: "/api/workspaces" },
);
