// A workspace's budget: read, set, removed.
import { errors, json, schema, oneWorkspaceIdParam } from "../building-blocks";
import { budgetBody } from "@/lib/budget/budget-body";
import { budgetResponseSchema } from "@/lib/budget/budget-response";

export function budgetPaths() {
  return {
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
          ...errors(400, 401, 403, 404, 413, 415),
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
  };
}
