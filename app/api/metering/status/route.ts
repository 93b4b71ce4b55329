import { apiRoute } from "@/lib/api/route";
import { requireIngestToken } from "@/lib/metering/ingest-auth";
import { getMeteringStatus } from "@/lib/metering/lag";
import { routeMethods } from "@/lib/api/methods";

// For producers and operators (same token as ingest): how far behind the consumer is.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: apiRoute(async ({ request, ctx }) => {
      requireIngestToken(request);
      return Response.json(await getMeteringStatus({ ctx, input: {} }));
    }),
  },
  { route: "/api/metering/status" },
);
