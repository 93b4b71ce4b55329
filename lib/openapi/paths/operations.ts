// Health checks and Prometheus metrics, for orchestrators and monitoring.
import { errors, json } from "../building-blocks";
import { healthResponseSchema } from "@/lib/observability/health-response";

export function operationsPaths() {
  return {
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
        summary: "Ready for traffic: database reachable, migrations applied, consumer lag under its limit, NATS connected when configured",
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
  };
}
