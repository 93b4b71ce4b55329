import { apiRoute } from "@/lib/api/route";
import { requireProducer } from "@/lib/metering/ingest-auth";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { readIngestBody } from "@/lib/metering/read-ingest-body";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    POST: apiRoute(async ({ request, context }) => {
      const producer = await requireProducer(request, context);
      const items = await readIngestBody(request);
      const result = await ingestEvents(items, {
        source: "api",
        producer: { name: producer.name, scope: producer, counted: true },
        requestId: context.requestId,
      });
      return Response.json(result, { status: 202 });
    }),
  },
  { route: "/api/metering/events" },
);
