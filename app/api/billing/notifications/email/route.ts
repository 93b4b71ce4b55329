import { emailSettingsBody } from "@/lib/notifications/email/settings-body";
import { setEmailSettings } from "@/lib/notifications/email/set-email-settings";
import { viewEmailSettings } from "@/lib/notifications/email/view-email-settings";
import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ feature: "billing-dashboard", permission: "notifications:view", oneWorkspace: true }, async ({ ctx }) =>
      Response.json(await viewEmailSettings({ ctx, input: {} })),
    ),
    PUT: withWorkspace(
      { feature: "billing-dashboard", permission: "notifications:manage", body: emailSettingsBody, sameSiteOnly: true, oneWorkspace: true },
      async ({ ctx, body }) => Response.json(await setEmailSettings({ ctx, input: body })),
    ),
  },
  { route: "/api/billing/notifications/email" },
);
