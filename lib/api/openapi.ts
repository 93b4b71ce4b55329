// The OpenAPI 3.1 document, generated from the zod schemas the handlers validate with.
import { z } from "zod";
import { errorBodySchema } from "./error-response";
import { idCursorQuery } from "@/lib/query/pagination";
import { auditEventsPageSchema } from "@/lib/audit/audit-event-response";
import { anomaliesQuery, budgetBody, triageBody } from "@/lib/anomalies/anomalies-query";
import { anomaliesPageSchema, triagedAnomalySchema } from "@/lib/anomalies/anomaly-response";
import { budgetResponseSchema } from "@/lib/anomalies/budget-response";
import { auditQueryInput } from "@/lib/audit/audit-query";
import { exportsPageSchema } from "@/lib/exports/export-response";
import { exportsQuery } from "@/lib/exports/exports-query";
import { consumerLagResponseSchema } from "@/lib/metering/consumer-lag-response";
import { meteringEventSchema, MAX_EVENTS_PER_REQUEST } from "@/lib/metering/event-schema";
import { ingestResultSchema } from "@/lib/metering/ingest-response";
import { lateAdjustmentsPageSchema } from "@/lib/metering/late-adjustment-response";
import { rejectionsPageSchema } from "@/lib/metering/rejection-response";
import { pricesResponseSchema } from "@/lib/pricing/prices-response";
import { MAX_PROJECTED_WORKSPACES } from "@/lib/projection/project-usage";
import { projectionQuery } from "@/lib/projection/projection-query";
import { projectionResponseSchema } from "@/lib/projection/projection-response";
import { usageQueryInput } from "@/lib/usage/usage-query";
import { usageResponseSchema } from "@/lib/usage/usage-response";
import { workspacesResponseSchema } from "@/lib/workspaces/workspace-response";
import { workspacesQuery } from "@/lib/workspaces/workspace-search";
import { healthResponseSchema } from "@/lib/observability/health-response";

type JsonSchema = Record<string, unknown>;

function schema(type: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const workspaceIdParam = {
  name: "workspaceId",
  in: "query",
  required: true,
  description:
    "Workspace id, several comma-separated (at most 100; each must be permitted), or `all` for every workspace the caller holds the permission on",
  schema: { type: "string" },
};

/** Endpoints on one workspace's settings (lib/access/one-workspace.ts). */
const oneWorkspaceIdParam = {
  ...workspaceIdParam,
  description: "One workspace id; a list or `all` is refused with 400 for every caller (decision 0086)",
};

function queryParameters(type: z.ZodObject | z.ZodType): JsonSchema[] {
  const json = schema(type, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return { name, in: "query", required: json.required?.includes(name) ?? false, description, schema: propertySchema };
  });
}

const errorBody = schema(errorBodySchema);

function errors(...statuses: number[]) {
  const text: Record<number, string> = {
    400: "Invalid input; details name each bad field",
    401: "Not signed in (or no valid ingest token)",
    403: "No permission on at least one requested workspace (or it does not exist)",
    404: "No such resource; or, for a workspace's own users, its billing dashboard is not released to them yet (docs/rollout.md)",
    409: "Conflicts with the resource's current state (e.g. a status change its lifecycle does not allow)",
    413: "Too many events or too large a body",
    415: "Unsupported content type",
    503: "The database is unavailable; retry after the Retry-After header's seconds",
  };
  return Object.fromEntries(
    statuses.map((status) => [status, { description: text[status], content: { "application/json": { schema: errorBody } } }]),
  );
}

const json = (type: z.ZodType, description: string) => ({ description, content: { "application/json": { schema: schema(type) } } });

const csv = (description: string) => ({
  description: `${description} (text/csv, RFC 4180, UTF-8; cells that could run as spreadsheet formulas are prefixed with ')`,
  content: { "text/csv": { schema: { type: "string" } } },
});

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
      "/api/workspaces": {
        get: {
          operationId: "listWorkspaces",
          tags: ["workspaces"],
          summary:
            "Workspaces the caller may see, with their role and permissions, by name; optionally searched, filtered by permission and limited",
          security: [{ session: [] }],
          parameters: queryParameters(workspacesQuery),
          responses: {
            200: json(workspacesResponseSchema, "The workspaces"),
            ...errors(400, 401),
          },
        },
      },
      "/api/billing/usage": {
        get: {
          operationId: "getUsage",
          tags: ["usage"],
          summary: "Usage by day, product area and workspace (cached; ETag / If-None-Match)",
          security: [{ session: [] }],
          parameters: [workspaceIdParam, ...queryParameters(usageQueryInput)],
          responses: {
            200: json(usageResponseSchema, "Usage figures"),
            304: { description: "Not modified since the ETag sent in If-None-Match" },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/billing/usage/export": {
        get: {
          operationId: "exportUsage",
          tags: ["usage"],
          summary:
            "The same figures as /api/billing/usage as a streamed CSV: one row per workspace, day and product area (row_type=day), then totals per product area (row_type=total) and, for several workspaces, per workspace and product area (row_type=workspace_total). The file is kept and can be downloaded again; the response's X-Export-Id names it.",
          security: [{ session: [] }],
          parameters: [workspaceIdParam, ...queryParameters(usageQueryInput)],
          responses: { 200: csv("The export"), ...errors(400, 401, 403, 404) },
        },
      },
      "/api/billing/prices": {
        get: {
          operationId: "getPrices",
          tags: ["pricing"],
          summary: "The price book that prices the workspace's current period (one workspace; audited)",
          security: [{ session: [] }],
          parameters: [oneWorkspaceIdParam],
          responses: {
            200: json(pricesResponseSchema, "Included quantities and graduated tiers per product area, as decimal strings"),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/billing/projection": {
        get: {
          operationId: "getProjection",
          tags: ["pricing"],
          summary:
            "The period's projected usage and invoice, with a P10-P90 range and past accuracy (audited as billing.projection.viewed)",
          security: [{ session: [] }],
          parameters: [
            { ...workspaceIdParam, description: `Workspace id, or several comma-separated (at most ${MAX_PROJECTED_WORKSPACES})` },
            ...queryParameters(projectionQuery),
          ],
          responses: {
            200: json(projectionResponseSchema, "Per area and per currency: to date, projected, P10 and P90; estimate false once closed"),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/billing/anomalies": {
        get: {
          operationId: "listAnomalies",
          tags: ["anomalies"],
          summary: "Flagged anomalies of the workspaces, most severe first, then newest (audited as billing.anomalies.viewed)",
          security: [{ session: [] }],
          parameters: [workspaceIdParam, ...queryParameters(anomaliesQuery)],
          responses: { 200: json(anomaliesPageSchema, "A page of flags"), ...errors(400, 401, 403, 404) },
        },
      },
      "/api/billing/anomalies/{id}": {
        patch: {
          operationId: "triageAnomaly",
          tags: ["anomalies"],
          summary: "Moves a flag along open → acknowledged → resolved, or open | acknowledged → dismissed (a note required); audited",
          security: [{ session: [] }],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/json": { schema: schema(triageBody, "input") } } },
          responses: { 200: json(triagedAnomalySchema, "The flag with its status history"), ...errors(400, 401, 403, 404, 409, 415) },
        },
      },
      "/api/billing/budget": {
        get: {
          operationId: "getBudget",
          tags: ["anomalies"],
          summary: "The workspace's budget and the thresholds its current period has crossed (one workspace; audited)",
          security: [{ session: [] }],
          parameters: [oneWorkspaceIdParam],
          responses: {
            200: json(budgetResponseSchema, "The budget (null when none) and the current period against it"),
            ...errors(400, 401, 403, 404),
          },
        },
        put: {
          operationId: "setBudget",
          tags: ["anomalies"],
          summary: "Sets the workspace's budget per billing period, in its price-book currency (workspace admins only; audited)",
          security: [{ session: [] }],
          parameters: [oneWorkspaceIdParam],
          requestBody: { required: true, content: { "application/json": { schema: schema(budgetBody, "input") } } },
          responses: {
            200: json(budgetResponseSchema, "The budget as set, and the current period against it"),
            ...errors(400, 401, 403, 404, 415),
          },
        },
        delete: {
          operationId: "removeBudget",
          tags: ["anomalies"],
          summary: "Removes the workspace's budget; its open budget flags resolve (workspace admins only; audited)",
          security: [{ session: [] }],
          parameters: [oneWorkspaceIdParam],
          responses: {
            200: json(budgetResponseSchema, "The workspace without a budget (budget and period null)"),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/billing/exports": {
        get: {
          operationId: "listExports",
          tags: ["exports"],
          summary: "Past exports covering the workspace (only those covering workspaces the caller may export), newest first",
          security: [{ session: [] }],
          parameters: [workspaceIdParam, ...queryParameters(exportsQuery)],
          responses: {
            200: json(exportsPageSchema, "A page of exports"),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/billing/exports/{id}/download": {
        get: {
          operationId: "downloadExport",
          tags: ["exports"],
          summary: "Downloads a past export again, byte for byte as first produced (checked against its SHA-256)",
          security: [{ session: [] }],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: csv("The stored export"), ...errors(401, 403, 404) },
        },
      },
      "/api/audit-events": {
        get: {
          operationId: "listAuditEvents",
          tags: ["audit"],
          summary: "The workspace's audit trail, newest first (workspace admins only)",
          security: [{ session: [] }],
          parameters: [workspaceIdParam, ...queryParameters(auditQueryInput)],
          responses: {
            200: json(auditEventsPageSchema, "A page of audit events"),
            ...errors(400, 401, 403),
          },
        },
      },
      "/api/audit-events/export": {
        get: {
          operationId: "exportAuditEvents",
          tags: ["audit"],
          summary: "The filtered audit trail as CSV (the download is itself audited)",
          security: [{ session: [] }],
          parameters: [workspaceIdParam, ...queryParameters(auditQueryInput)],
          responses: { 200: csv("The audit log"), ...errors(400, 401, 403) },
        },
      },
      "/api/metering/events": {
        post: {
          operationId: "ingestMeteringEvents",
          tags: ["metering"],
          summary: `Ingest up to ${MAX_EVENTS_PER_REQUEST} metering events (JSON array or NDJSON); idempotent by (workspaceId, id)`,
          security: [{ ingestToken: [] }],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { type: "array", maxItems: MAX_EVENTS_PER_REQUEST, items: schema(meteringEventSchema, "input") },
              },
              "application/x-ndjson": { schema: { type: "string", description: "One event (JSON object) per line" } },
            },
          },
          responses: {
            202: json(ingestResultSchema, "Stored durably; invalid events are refused one by one and kept with their reason"),
            ...errors(400, 401, 413, 415),
          },
        },
      },
      "/api/metering/status": {
        get: {
          operationId: "getMeteringStatus",
          tags: ["metering"],
          summary: "Consumer lag: events stored but not yet applied, and the age of the oldest",
          security: [{ ingestToken: [] }],
          responses: {
            200: json(consumerLagResponseSchema, "The queue"),
            ...errors(401),
          },
        },
      },
      "/api/health/live": {
        get: {
          operationId: "getLiveness",
          tags: ["operations"],
          summary: "The process answers (no check of what it depends on)",
          security: [],
          // 400: like every endpoint, a NUL or a repeated parameter in the query is refused.
          responses: { 200: json(healthResponseSchema, "Alive"), ...errors(400) },
        },
      },
      "/api/health/ready": {
        get: {
          operationId: "getReadiness",
          tags: ["operations"],
          summary:
            "Ready for traffic: database reachable, migrations applied, consumer lag under its limit, NATS connected when configured",
          security: [],
          responses: {
            200: json(healthResponseSchema, "Every check passed (or was skipped)"),
            503: json(healthResponseSchema, "At least one check failed; it is named, with why"),
            ...errors(400),
          },
        },
      },
      "/api/metrics": {
        get: {
          operationId: "getMetrics",
          tags: ["operations"],
          summary: "Prometheus metrics of this process, in the text exposition format",
          security: [{ metricsToken: [] }],
          responses: {
            200: {
              description: "The metrics page (docs/observability.md lists every series)",
              content: { "text/plain": { schema: { type: "string" } } },
            },
            ...errors(400, 401),
          },
        },
      },
      "/api/metering/rejections": {
        get: {
          operationId: "listMeteringRejections",
          tags: ["metering"],
          summary: "Refused metering events of the workspaces, newest first",
          security: [{ session: [] }],
          parameters: [workspaceIdParam, ...queryParameters(idCursorQuery)],
          responses: { 200: json(rejectionsPageSchema, "A page of rejections"), ...errors(400, 401, 403) },
        },
      },
      "/api/metering/late-adjustments": {
        get: {
          operationId: "listLateAdjustments",
          tags: ["metering"],
          summary: "Events applied after their billing period closed, newest first",
          security: [{ session: [] }],
          parameters: [workspaceIdParam, ...queryParameters(idCursorQuery)],
          responses: { 200: json(lateAdjustmentsPageSchema, "A page of late adjustments"), ...errors(400, 401, 403) },
        },
      },
    },
  };
}
