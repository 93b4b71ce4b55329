import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { testWebhookEndpoint } from "@/lib/notifications/webhooks/test-webhook-endpoint";
import { webhookEndpointById } from "@/lib/notifications/webhooks/webhook-endpoint-by-id";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    POST: withWorkspace(
      { feature: "billing-dashboard", permission: "notifications:manage", resource: webhookEndpointById, sameSiteOnly: true },
      async ({ ctx, resource }) => Response.json(await testWebhookEndpoint({ ctx, input: { endpoint: resource } }), { status: 202 }),
    ),
  },
  { route: "/api/billing/webhooks/[id]/test" },
);
