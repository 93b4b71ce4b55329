import { idCursorQuery } from "@/lib/api/pagination";
import { withWorkspace } from "@/lib/api/route";
import { recordLooks } from "@/lib/audit/record-looks";
import { listRejections } from "@/lib/metering/list-rejections";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withWorkspace({ permission: "usage:view", query: idCursorQuery }, async ({ access, query, context }) => {
    const body = await listRejections(access.scope, query);
    await recordLooks(access, "metering.rejections.viewed", { cursor: query.cursor ?? null }, context);
    return Response.json(body);
  }),
});
