// What the webhook endpoints API accepts: the body of POST /api/billing/webhooks and the query of
// GET /api/billing/webhooks/{id}/deliveries. The URL's own rules (https, no credentials) are
// checked here; where its host points (a DNS lookup) by the domain call (create-webhook-endpoint.ts).
import { z } from "zod";
import { timeCursor } from "@/lib/query/time-cursor";
import { SUBSCRIBABLE_EVENTS } from "../event-types";
import { parseWebhookUrl, UnsafeUrlError, urlPolicyFromEnv } from "../url-safety";

export const webhookUrl = z
  .string()
  .transform((text, ctx) => {
    try {
      return parseWebhookUrl(text.trim(), urlPolicyFromEnv()).href;
    } catch (error) {
      if (!(error instanceof UnsafeUrlError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  })
  .describe(
    "Where events are POSTed: https, no user name or password, at most 2048 characters, on a host whose every address is public (http and private addresses only for hosts the operator allows)",
  );

export const webhookEndpointBody = z.object({
  url: webhookUrl,
  events: z
    .array(z.enum(SUBSCRIBABLE_EVENTS))
    .min(1, "must name at least one event")
    .refine((events) => new Set(events).size === events.length, "must not repeat an event")
    .describe("The event types this endpoint receives"),
  description: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((text) => text || null)
    .describe("A note for people: what receives these events"),
});
export type WebhookEndpointBody = z.output<typeof webhookEndpointBody>;

export const webhookDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).describe("Attempts per page"),
  cursor: timeCursor(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe("From the previous page's nextCursor"),
});
export type WebhookDeliveriesQuery = z.output<typeof webhookDeliveriesQuery>;
