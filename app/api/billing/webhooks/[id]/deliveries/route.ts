import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { listWebhookDeliveries } from "@/lib/notifications/webhooks/list-webhook-deliveries";
import { webhookEndpointById } from "@/lib/notifications/webhooks/webhook-endpoint-by-id";
import { webhookDeliveriesQuery } from "@/lib/notifications/webhooks/webhook-input";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace(
      { feature: "billing-dashboard", permission: "notifications:view", resource: webhookEndpointById, query: webhookDeliveriesQuery },
      async ({ ctx, resource, query }) => Response.json(await listWebhookDeliveries({ ctx, input: { ...query, endpoint: resource } })),
    ),
  },
  { route: "/api/billing/webhooks/[id]/deliveries" },
);
