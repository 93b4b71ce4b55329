// The response contract of /api/billing/webhooks/**. Field names are a public contract: add, never rename.
import { z } from "zod";
import { SUBSCRIBABLE_EVENTS } from "../event-types";

export const webhookEndpointSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  url: z.string().describe("As it is used (normalised: a bare host gains a trailing /)"),
  description: z.string().nullable(),
  events: z.array(z.enum(SUBSCRIBABLE_EVENTS)),
  createdAt: z.string(),
  updatedAt: z.string(),
  disabledAt: z
    .string()
    .nullable()
    .describe("Set when deliveries kept failing for days: nothing is sent until it is enabled again; null: enabled"),
  disabledReason: z.string().nullable(),
  previousSecretExpiresAt: z
    .string()
    .nullable()
    .describe("After a rotation, deliveries are signed with the previous secret too until then; null: only the current one"),
});

export const webhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{43}=$/)
  .describe("The signing secret: whsec_ and 32 random bytes, base64. Shown only in this answer; store it now");

/** POST /api/billing/webhooks and POST …/{id}/rotate-secret: the only answers that carry the secret. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema.extend({ secret: webhookSecretSchema });

export const webhookEndpointsSchema = z.object({
  endpoints: z.array(webhookEndpointSchema).describe("Newest first (a workspace has at most 10)"),
});

export const webhookTestSchema = z.object({
  eventId: z.string().describe("The webhook-id the receiver will see"),
  deliveryId: z.string(),
});

export const webhookAttemptSchema = z.object({
  id: z.string(),
  deliveryId: z.string(),
  eventId: z.string().describe("The webhook-id sent"),
  type: z.string().describe("The event type"),
  at: z.string(),
  httpStatus: z.number().int().nullable().describe("The receiver's status; null when no response came (error says why)"),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  outcome: z.enum(["succeeded", "failed"]).describe("succeeded: a 2xx status"),
});

export const webhookPendingSchema = z.object({
  deliveryId: z.string(),
  eventId: z.string(),
  type: z.string(),
  attempts: z.number().int().describe("Attempts made so far"),
  nextAttemptAt: z.string(),
});

export const webhookDeliveriesSchema = z.object({
  attempts: z.array(webhookAttemptSchema).describe("Every attempt to deliver to this endpoint, newest first"),
  pending: z
    .array(webhookPendingSchema)
    .describe("Deliveries still to be made or retried, soonest first (at most 100); the same on every page"),
  nextCursor: z.string().nullable(),
});

export type WebhookEndpointView = z.infer<typeof webhookEndpointSchema>;
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecretSchema>;
export type WebhookDeliveries = z.infer<typeof webhookDeliveriesSchema>;
