// The OpenAPI 3.1 document (GET /api/openapi.json), assembled from one part per capability
// (paths/), each generated from the zod schemas its handlers validate with. The order of the parts
// is the order of the paths in the served document.
import type { JsonSchema } from "./building-blocks";
import { anomaliesPaths } from "./paths/anomalies";
import { auditPaths } from "./paths/audit";
import { budgetPaths } from "./paths/budget";
import { exportsPaths } from "./paths/exports";
import { meteringIngestPaths, meteringSupportPaths } from "./paths/metering";
import { notificationsEmailPaths } from "./paths/notifications-email";
import { operationsPaths } from "./paths/operations";
import { pricesPaths } from "./paths/prices";
import { projectionPaths } from "./paths/projection";
import { usagePaths } from "./paths/usage";
import { outgoingWebhooks, webhooksPaths } from "./paths/webhooks";
import { workspacesPaths } from "./paths/workspaces";

export function openApiDocument(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "Usage & billing API",
      version: "1.0.0",
      // The code is private and carries no open-source licence (package.json "private", no LICENSE).
      license: { name: "Proprietary" },
      description:
        "Tenant-scoped usage figures. Browser sessions authenticate with the next-auth session cookie; metering producers with `Authorization: Bearer <METERING_INGEST_TOKEN>`. Every error has the shape { error: { code, message, details? } }.",
    },
    servers: [{ url: "/", description: "The app serving this document: every path is relative to its origin" }],
    tags: [
      { name: "workspaces", description: "The workspaces a signed-in user may see, and what they may do in each" },
      { name: "usage", description: "Usage figures per day, product area and workspace, as JSON or CSV" },
      { name: "exports", description: "Past usage exports, kept and downloadable again" },
      { name: "pricing", description: "Price books, and the projected invoice of a period" },
      { name: "anomalies", description: "Anomalies the detection job flagged in usage and cost, their triage, and budgets" },
      {
        name: "webhooks",
        description: "Webhook endpoints that alerts are sent to, their signing secrets and delivery history; and the events they receive",
      },
      { name: "notifications", description: "Alerts that reach people: who gets e-mails about flags and budget crossings" },
      { name: "audit", description: "Who read or exported what, for workspace admins" },
      { name: "metering", description: "Ingest of metering events, the consumer's lag, and what was refused or applied late" },
      { name: "operations", description: "Health checks and Prometheus metrics, for orchestrators and monitoring" },
    ],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The session cookie signing in sets" },
        ingestToken: { type: "http", scheme: "bearer", description: "METERING_INGEST_TOKEN, for metering producers and operators" },
        metricsToken: {
          type: "http",
          scheme: "bearer",
          description: "METRICS_TOKEN, for the Prometheus scraper (not required in demo mode)",
        },
      },
    },
    paths: {
      ...workspacesPaths(),
      ...usagePaths(),
      ...pricesPaths(),
      ...projectionPaths(),
      ...anomaliesPaths(),
      ...budgetPaths(),
      ...webhooksPaths(),
      ...notificationsEmailPaths(),
      ...exportsPaths(),
      ...auditPaths(),
      ...meteringIngestPaths(),
      ...operationsPaths(),
      ...meteringSupportPaths(),
    },
    webhooks: outgoingWebhooks(),
  };
}
