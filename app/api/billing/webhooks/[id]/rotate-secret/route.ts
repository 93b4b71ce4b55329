import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { rotateWebhookSecret } from "@/lib/notifications/webhooks/rotate-webhook-secret";
import { webhookEndpointById } from "@/lib/notifications/webhooks/webhook-endpoint-by-id";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    POST: withWorkspace(
      { feature: "billing-dashboard", permission: "notifications:manage", resource: webhookEndpointById, sameSiteOnly: true },
      async ({ ctx, resource }) => Response.json(await rotateWebhookSecret({ ctx, input: { endpoint: resource } })),
    ),
  },
  { route: "/api/billing/webhooks/[id]/rotate-secret" },
);
