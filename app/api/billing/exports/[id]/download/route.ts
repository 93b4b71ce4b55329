import { withWorkspace } from "@/lib/api/route";
import { csvResponse } from "@/lib/csv/csv-response";
import { downloadExport, exportById } from "@/lib/exports/download-export";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ feature: "billing-dashboard", permission: "usage:export", resource: exportById }, async ({ ctx, resource }) => {
      const { filename, byteSize, stream } = await downloadExport({ ctx, input: { record: resource } });
      return csvResponse(stream, filename, { "content-length": String(byteSize) });
    }),
  },
  { route: "/api/billing/exports/[id]/download" },
);
