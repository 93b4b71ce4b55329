import { withWorkspace } from "@/lib/api/route";
import { recordLooks } from "@/lib/audit/record-looks";
import { exportsQuery } from "@/lib/exports/exports-query";
import { listExports } from "@/lib/exports/list-exports";
import { routeMethods } from "@/lib/api/methods";

// The history carries each export's totals: a billing read, audited like the others.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withWorkspace({ permission: "usage:export", query: exportsQuery }, async ({ access, actor, query, context }) => {
    const body = await listExports(actor, access.scope, query);
    await recordLooks(access, "billing.exports.viewed", { cursor: query.cursor ? "next page" : null }, context);
    return Response.json(body);
  }),
});
