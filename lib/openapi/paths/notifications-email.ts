// A workspace's notification e-mail: who gets it, and the daily digest.
import { errors, json, schema, oneWorkspaceIdParam } from "../building-blocks";
import { emailSettingsBody } from "@/lib/notifications/email/settings-body";
import { emailSettingsResponseSchema } from "@/lib/notifications/email/settings-response";

export function notificationsEmailPaths() {
  return {
    "/api/billing/notifications/email": {
      get: {
        operationId: "getEmailNotificationSettings",
        tags: ["notifications"],
        summary: "Who gets the workspace's alert e-mails, the daily digest, and the addresses reached now (one workspace; audited)",
        security: [{ session: [] }],
        parameters: [oneWorkspaceIdParam],
        responses: {
          200: json(emailSettingsResponseSchema, "The choices (the defaults when never set) and the recipients they reach"),
          ...errors(400, 401, 403, 404),
        },
      },
      put: {
        operationId: "setEmailNotificationSettings",
        tags: ["notifications"],
        summary: "Sets who gets the workspace's alert e-mails and whether a daily digest goes out (workspace admins only; audited)",
        security: [{ session: [] }],
        parameters: [oneWorkspaceIdParam],
        requestBody: { required: true, content: { "application/json": { schema: schema(emailSettingsBody, "input") } } },
        responses: {
          200: json(emailSettingsResponseSchema, "The choices as set and the recipients they reach"),
          ...errors(400, 401, 403, 404, 413, 415),
        },
      },
    },
  };
}
