import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";
import { createWebhookEndpoint } from "@/lib/notifications/webhooks/create-webhook-endpoint";
import { listWebhookEndpoints } from "@/lib/notifications/webhooks/list-webhook-endpoints";
import { webhookEndpointBody } from "@/lib/notifications/webhooks/webhook-input";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ feature: "billing-dashboard", permission: "notifications:view", oneWorkspace: true }, async ({ ctx }) =>
      Response.json(await listWebhookEndpoints({ ctx, input: {} })),
    ),
    POST: withWorkspace(
      {
        feature: "billing-dashboard",
        permission: "notifications:manage",
        body: webhookEndpointBody,
        sameSiteOnly: true,
        oneWorkspace: true,
      },
      async ({ ctx, body }) => Response.json(await createWebhookEndpoint({ ctx, input: body }), { status: 201 }),
    ),
  },
  { route: "/api/billing/webhooks" },
);
