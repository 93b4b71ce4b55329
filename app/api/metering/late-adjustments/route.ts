import { idCursorQuery } from "@/lib/api/pagination";
import { withWorkspace } from "@/lib/api/route";
import { recordLooks } from "@/lib/audit/record-looks";
import { listLateAdjustments } from "@/lib/metering/list-late-adjustments";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withWorkspace({ permission: "usage:view", query: idCursorQuery }, async ({ access, query, context }) => {
    const body = await listLateAdjustments(access.scope, query);
    await recordLooks(access, "metering.late_adjustments.viewed", { cursor: query.cursor ?? null }, context);
    return Response.json(body);
  }),
});
