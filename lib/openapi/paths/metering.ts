// Metering: producers' ingest and the consumer's lag (token), and what was refused or applied late (signed-in users).
import { errors, json, queryParameters, schema, workspaceIdParam } from "../building-blocks";
import { consumerLagResponseSchema } from "@/lib/metering/consumer-lag-response";
import { MAX_EVENTS_PER_REQUEST, meteringEventSchema } from "@/lib/metering/event-schema";
import { ingestResultSchema } from "@/lib/metering/ingest-response";
import { lateAdjustmentsPageSchema } from "@/lib/metering/late-adjustment-response";
import { producerKeysSchema } from "@/lib/metering/producer-key-response";
import { rejectionsPageSchema } from "@/lib/metering/rejection-response";
import { idCursorQuery } from "@/lib/query/pagination";

export function meteringIngestPaths() {
  return {
    "/api/metering/events": {
      post: {
        operationId: "ingestMeteringEvents",
        tags: ["metering"],
        summary: `Ingest up to ${MAX_EVENTS_PER_REQUEST} metering events (JSON array or NDJSON); idempotent by (workspaceId, id)`,
        description:
          "The bearer is a producer key (docs/producers.md) or METERING_INGEST_TOKEN (every scope). An event outside the key's product areas or workspaces is refused on its own as `producer_not_allowed`; the others go through.",
        security: [{ ingestToken: [] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "array", maxItems: MAX_EVENTS_PER_REQUEST, items: schema(meteringEventSchema, "input") },
            },
            "application/x-ndjson": { schema: { type: "string", description: "One event (JSON object) per line" } },
          },
        },
        responses: {
          202: json(ingestResultSchema, "Stored durably; invalid events are refused one by one and kept with their reason"),
          ...errors(400, 401, 413, 415),
        },
      },
    },
    "/api/metering/status": {
      get: {
        operationId: "getMeteringStatus",
        tags: ["metering"],
        summary: "Consumer lag: events stored but not yet applied, and the age of the oldest",
        security: [{ ingestToken: [] }],
        responses: {
          200: json(consumerLagResponseSchema, "The queue"),
          ...errors(401),
        },
      },
    },
  };
}

export function meteringSupportPaths() {
  return {
    "/api/metering/rejections": {
      get: {
        operationId: "listMeteringRejections",
        tags: ["metering"],
        summary: "Refused metering events of the workspaces, newest first",
        security: [{ session: [] }],
        parameters: [workspaceIdParam, ...queryParameters(idCursorQuery)],
        responses: { 200: json(rejectionsPageSchema, "A page of rejections"), ...errors(400, 401, 403) },
      },
    },
    "/api/metering/producers": {
      get: {
        operationId: "listMeteringProducers",
        tags: ["metering"],
        summary: "Staff only: the producer keys, their scopes, expiry and last use (never a key or its hash)",
        security: [{ session: [] }],
        responses: { 200: json(producerKeysSchema, "Every producer key, revoked ones included"), ...errors(401, 403) },
      },
    },
    "/api/metering/late-adjustments": {
      get: {
        operationId: "listLateAdjustments",
        tags: ["metering"],
        summary: "Events applied after their billing period closed, newest first",
        security: [{ session: [] }],
        parameters: [workspaceIdParam, ...queryParameters(idCursorQuery)],
        responses: { 200: json(lateAdjustmentsPageSchema, "A page of late adjustments"), ...errors(400, 401, 403) },
      },
    },
  };
}
