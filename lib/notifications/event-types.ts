// The events notifications carry, and the body every channel sends (docs/notifications.md).

/** What an endpoint may subscribe to. */
export const SUBSCRIBABLE_EVENTS = ["anomaly.opened", "anomaly.resolved", "budget.crossed"] as const;
export type SubscribableEvent = (typeof SUBSCRIBABLE_EVENTS)[number];

/** Sent only by "send test", to the one endpoint asked for. */
export const TEST_EVENT = "webhook.test";
export type NotificationEventType = SubscribableEvent | typeof TEST_EVENT;

/** A prepared event that nobody is told about (an acknowledgement, a budget flag resolving). */
export const NO_NOTIFICATION = "none";

/** The JSON body of a webhook and the facts of an e-mail. */
export interface NotificationPayload {
  type: NotificationEventType;
  /** When the change happened (ISO 8601, UTC). */
  timestamp: string;
  workspaceId: string;
  data: Record<string, unknown>;
}
