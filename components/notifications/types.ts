// Notifications on screen: the API's own types (/api/billing/webhooks/**,
// /api/billing/notifications/email), and the events one may subscribe to.
import type { EmailSettingsBody } from "@/lib/notifications/email/settings-body";
import type { EmailSettingsResponse } from "@/lib/notifications/email/settings-response";
import { SUBSCRIBABLE_EVENTS, type SubscribableEvent } from "@/lib/notifications/event-types";
import type { WebhookDeliveries, WebhookEndpointView, WebhookEndpointWithSecret } from "@/lib/notifications/webhooks/webhook-response";

export { SUBSCRIBABLE_EVENTS, type SubscribableEvent };
export type { WebhookDeliveries, WebhookEndpointWithSecret };
export type WebhookEndpoint = WebhookEndpointView;
export type DeliveryAttempt = WebhookDeliveries["attempts"][number];
export type EmailSettings = EmailSettingsResponse;
export type EmailChoices = EmailSettingsBody;

/** The body of POST /api/billing/webhooks. */
export interface NewWebhookEndpoint {
  url: string;
  events: SubscribableEvent[];
  description?: string;
}

/** The answer of POST /api/billing/webhooks/{id}/test. */
export interface TestSent {
  eventId: string;
  deliveryId: string;
}
