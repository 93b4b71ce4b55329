import { idCursorQuery } from "@/lib/query/pagination";
import { withWorkspace } from "@/lib/api/route";
import { listRejections } from "@/lib/metering/list-rejections";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ permission: "usage:view", query: idCursorQuery }, async ({ ctx, query }) =>
      Response.json(await listRejections({ ctx, input: query })),
    ),
  },
  { route: "/api/metering/rejections" },
);
