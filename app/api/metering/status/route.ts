import { apiRoute } from "@/lib/api/route";
import { requireProducer } from "@/lib/metering/ingest-auth";
import { getMeteringStatus } from "@/lib/metering/lag";
import { routeMethods } from "@/lib/api/methods";

// For producers and operators (any producer key, or the ingest token): how far behind the consumer is.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: apiRoute(async ({ request, context, ctx }) => {
      await requireProducer(request, context);
      return Response.json(await getMeteringStatus({ ctx, input: {} }));
    }),
  },
  { route: "/api/metering/status" },
);
