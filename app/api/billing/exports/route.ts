import { withWorkspace } from "@/lib/api/route";
import { exportsQuery } from "@/lib/exports/exports-query";
import { listExports } from "@/lib/exports/list-exports";

export const GET = withWorkspace({ permission: "usage:export", query: exportsQuery }, async ({ access, actor, query }) =>
  Response.json(await listExports(actor, access.scope, query)),
);
