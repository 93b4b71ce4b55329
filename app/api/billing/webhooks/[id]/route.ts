import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { deleteWebhookEndpoint } from "@/lib/notifications/webhooks/delete-webhook-endpoint";
import { webhookEndpointById } from "@/lib/notifications/webhooks/webhook-endpoint-by-id";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    DELETE: withWorkspace(
      { feature: "billing-dashboard", permission: "notifications:manage", resource: webhookEndpointById, sameSiteOnly: true },
      async ({ ctx, resource }) => {
        await deleteWebhookEndpoint({ ctx, input: { endpoint: resource } });
        return new Response(null, { status: 204 });
      },
    ),
  },
  { route: "/api/billing/webhooks/[id]" },
);
