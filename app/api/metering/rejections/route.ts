import { idCursorQuery } from "@/lib/query/pagination";
import { METERING_NOT_GATED } from "@/lib/access/check-access";
import { withWorkspace } from "@/lib/api/route";
import { listRejections } from "@/lib/metering/list-rejections";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ permission: "usage:view", feature: METERING_NOT_GATED, query: idCursorQuery }, async ({ ctx, query }) =>
      Response.json(await listRejections({ ctx, input: query })),
    ),
  },
  { route: "/api/metering/rejections" },
);
