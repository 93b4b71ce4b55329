// The bodies this app POSTs to webhook endpoints (prepare-events.ts and test-webhook-endpoint.ts
// build them), documented in the OpenAPI document's `webhooks`. A public contract: add, never rename.
import { z } from "zod";
import { anomalyChangeSchema, anomalySchema } from "@/lib/anomalies/anomaly-response";
import { SUBSCRIBABLE_EVENTS, TEST_EVENT, type NotificationEventType } from "../event-types";

const envelope = <T extends NotificationEventType, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    type: z.literal(type),
    timestamp: z.string().describe("When the change happened (ISO 8601, UTC)"),
    workspaceId: z.string(),
    data,
  });

export const flagEventDataSchema = z.object({
  anomaly: anomalySchema.describe("The flag as GET /api/billing/anomalies shows it, with this change as its history"),
  change: anomalyChangeSchema.describe("The status change that caused the event"),
  dashboardUrl: z.string().describe("The billing dashboard at the flag's first day (and its product area)"),
});

export const testEventDataSchema = z.object({
  endpointId: z.string().describe("The endpoint the test was sent to"),
  message: z.string(),
});

export const WEBHOOK_EVENT_SCHEMAS = {
  "anomaly.opened": envelope("anomaly.opened", flagEventDataSchema),
  "anomaly.resolved": envelope("anomaly.resolved", flagEventDataSchema),
  "budget.crossed": envelope("budget.crossed", flagEventDataSchema),
  [TEST_EVENT]: envelope(TEST_EVENT, testEventDataSchema),
} satisfies Record<(typeof SUBSCRIBABLE_EVENTS)[number] | typeof TEST_EVENT, z.ZodType>;
