import { withActor } from "@/lib/api/route";
import { csvResponse } from "@/lib/exports/csv-response";
import { downloadExport } from "@/lib/exports/download-export";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withActor(async ({ actor, params, context }) => {
    const { filename, byteSize, stream } = await downloadExport(actor, String(params.id), context);
    return csvResponse(stream, filename, { "content-length": String(byteSize) });
  }),
});
