// A stored endpoint as the API shows it: never its secrets (sealed or not), and the previous
// secret's expiry only while it still signs.
import type { WebhookEndpoint } from "@/lib/db/generated/client";
import type { SubscribableEvent } from "../event-types";
import type { WebhookEndpointView } from "./webhook-response";

export function webhookEndpointView(row: WebhookEndpoint, now: Date): WebhookEndpointView {
  const previousActive = row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > now;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    url: row.url,
    description: row.description,
    events: row.events as SubscribableEvent[],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    previousSecretExpiresAt: previousActive ? row.previousSecretExpiresAt!.toISOString() : null,
  };
}

/** What an audit row says about an endpoint: its id and host, never its path or query (they may hold a token). */
export function endpointLabel(row: Pick<WebhookEndpoint, "id" | "url">) {
  return { endpointId: row.id, host: new URL(row.url).host };
}
