// Webhook endpoints (where alerts are sent), and the outgoing events themselves: the document's
// top-level `webhooks` (OpenAPI 3.1), with the Standard Webhooks headers every delivery carries.
import { errors, json, oneWorkspaceIdParam, queryParameters, schema } from "../building-blocks";
import { webhookDeliveriesQuery, webhookEndpointBody } from "@/lib/notifications/webhooks/webhook-input";
import {
  webhookDeliveriesSchema,
  webhookEndpointSchema,
  webhookEndpointsSchema,
  webhookEndpointWithSecretSchema,
  webhookTestSchema,
} from "@/lib/notifications/webhooks/webhook-response";
import { WEBHOOK_EVENT_SCHEMAS } from "@/lib/notifications/webhooks/webhook-event-schemas";

const idParam = { name: "id", in: "path", required: true, description: "The endpoint's id", schema: { type: "string" } };

const byId = (operationId: string, summary: string, responses: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  operationId,
  tags: ["webhooks"],
  summary,
  security: [{ session: [] }],
  parameters: [idParam],
  responses,
  ...more,
});

export function webhooksPaths() {
  return {
    "/api/billing/webhooks": {
      get: {
        operationId: "listWebhookEndpoints",
        tags: ["webhooks"],
        summary: "The workspace's webhook endpoints, newest first, without their secrets (one workspace; audited)",
        security: [{ session: [] }],
        parameters: [oneWorkspaceIdParam],
        responses: { 200: json(webhookEndpointsSchema, "The endpoints"), ...errors(400, 401, 403, 404) },
      },
      post: {
        operationId: "createWebhookEndpoint",
        tags: ["webhooks"],
        summary:
          "Adds an endpoint (at most 10 per workspace); the answer carries its signing secret, shown only this once (admins; audited)",
        security: [{ session: [] }],
        parameters: [oneWorkspaceIdParam],
        requestBody: { required: true, content: { "application/json": { schema: schema(webhookEndpointBody, "input") } } },
        responses: {
          201: json(webhookEndpointWithSecretSchema, "The endpoint, with its signing secret"),
          ...errors(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    "/api/billing/webhooks/{id}": {
      delete: byId("deleteWebhookEndpoint", "Removes the endpoint and its pending deliveries (admins; audited)", {
        204: { description: "Removed" },
        ...errors(401, 403, 404),
      }),
    },
    "/api/billing/webhooks/{id}/rotate-secret": {
      post: byId(
        "rotateWebhookSecret",
        "A new signing secret, shown only in this answer; the previous one keeps signing beside it for 24 hours (admins; audited)",
        { 200: json(webhookEndpointWithSecretSchema, "The endpoint, with its new signing secret"), ...errors(401, 403, 404, 409) },
      ),
    },
    "/api/billing/webhooks/{id}/enable": {
      post: byId("enableWebhookEndpoint", "Sends to an endpoint again after it was disabled for failing (admins; audited)", {
        200: json(webhookEndpointSchema, "The endpoint, enabled"),
        ...errors(401, 403, 404),
      }),
    },
    "/api/billing/webhooks/{id}/test": {
      post: byId("testWebhookEndpoint", "Queues a webhook.test event for this endpoint only; it is sent within seconds (admins; audited)", {
        202: json(webhookTestSchema, "Queued; see GET …/deliveries for the outcome"),
        ...errors(401, 403, 404, 409),
      }),
    },
    "/api/billing/webhooks/{id}/deliveries": {
      get: byId(
        "listWebhookDeliveries",
        "Attempts to deliver to the endpoint, newest first, and the deliveries still pending (audited)",
        { 200: json(webhookDeliveriesSchema, "A page of attempts, and what is pending"), ...errors(400, 401, 403, 404) },
        { parameters: [idParam, ...queryParameters(webhookDeliveriesQuery)] },
      ),
    },
  };
}

const header = (name: string, description: string, example: string) => ({
  name,
  in: "header",
  required: true,
  description,
  schema: { type: "string" },
  example,
});

const DELIVERY_HEADERS = [
  header(
    "webhook-id",
    "The event's id: the same on every retry and every endpoint. Receivers drop an id they have already processed",
    "msg_6f1c2b9d0e4a4f7c9b1d2e3f4a5b6c7d",
  ),
  header("webhook-timestamp", "When this attempt was signed, in seconds since 1970 (refuse ones more than 5 minutes away)", "1796112000"),
  header(
    "webhook-signature",
    'v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>"> keyed with the base64-decoded part of the secret after whsec_. Space-separated when several secrets sign (for 24 hours after a rotation): accept the delivery if any one matches',
    "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v1,3u3Ybgha7mJ0R1A0y2Uaj5fMTazUcTSa2MlZ5F5RhEk=",
  ),
];

const EVENT_SUMMARIES: Record<keyof typeof WEBHOOK_EVENT_SCHEMAS, string> = {
  "anomaly.opened": "The detection job flagged an anomaly in usage or cost",
  "anomaly.resolved": "A flagged anomaly was resolved or dismissed (data.anomaly.status says which)",
  "budget.crossed": "The period's cost so far, or its projection, crossed one of the budget's thresholds",
  "webhook.test": "Sent only to the one endpoint a test was asked for (POST /api/billing/webhooks/{id}/test)",
};

/** The document's `webhooks`: what an endpoint receives. */
export function outgoingWebhooks() {
  return Object.fromEntries(
    Object.entries(WEBHOOK_EVENT_SCHEMAS).map(([type, body]) => [
      type,
      {
        post: {
          operationId: `${type.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase())}Event`,
          tags: ["webhooks"],
          summary: EVENT_SUMMARIES[type as keyof typeof WEBHOOK_EVENT_SCHEMAS],
          description:
            "POSTed as JSON, signed by the Standard Webhooks scheme (verify with the standardwebhooks library: docs/notifications.md). Delivered at least once: answer 2xx within 5 seconds (do slow work afterwards) and drop repeats by webhook-id. Anything else is retried with growing delays; an endpoint failing for days is disabled.",
          security: [],
          parameters: DELIVERY_HEADERS,
          requestBody: { required: true, content: { "application/json": { schema: schema(body) } } },
          responses: {
            "2XX": { description: "Received: not sent again" },
            default: { description: "Any other status, or none within 5 seconds: retried later under the same webhook-id" },
          },
        },
      },
    ]),
  );
}
