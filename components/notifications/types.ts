// Notifications on screen: the shapes of the webhook and e-mail endpoints' answers
// (/api/billing/webhooks, /api/billing/notifications/email), and the events one may subscribe to.
import { SUBSCRIBABLE_EVENTS, type SubscribableEvent } from "@/lib/notifications/event-types";

export { SUBSCRIBABLE_EVENTS, type SubscribableEvent };

export interface WebhookEndpoint {
  id: string;
  workspaceId: string;
  url: string;
  description: string | null;
  events: string[];
  createdAt: string;
  updatedAt: string;
  /** Set when deliveries kept failing (or an operator stopped it): nothing is sent until enabled. */
  disabledAt: string | null;
  disabledReason: string | null;
  /** After a rotation, the old secret signs too until then. */
  previousSecretExpiresAt: string | null;
}

/** Creating an endpoint or rotating its secret: the secret, this once. */
export type WebhookEndpointWithSecret = WebhookEndpoint & { secret: string };

export interface NewWebhookEndpoint {
  url: string;
  events: SubscribableEvent[];
  description?: string;
}

export interface DeliveryAttempt {
  id: string;
  deliveryId: string;
  eventId: string;
  type: string;
  at: string;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  outcome: "succeeded" | "failed";
}

export interface PendingDelivery {
  deliveryId: string;
  eventId: string;
  type: string;
  attempts: number;
  nextAttemptAt: string;
}

export interface WebhookDeliveries {
  attempts: DeliveryAttempt[];
  pending: PendingDelivery[];
  nextCursor: string | null;
}

export interface TestSent {
  eventId: string;
  deliveryId: string;
}

export interface EmailChoices {
  emailAdmins: boolean;
  emailFinance: boolean;
  dailyDigest: boolean;
}

export interface EmailSettings extends EmailChoices {
  workspaceId: string;
  smtpConfigured: boolean;
  recipients: string[];
  updatedAt: string | null;
}
