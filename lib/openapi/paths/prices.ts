// The price book of a workspace's current period.
import { errors, json, oneWorkspaceIdParam } from "../building-blocks";
import { pricesResponseSchema } from "@/lib/pricing/prices-response";

export function pricesPaths() {
  return {
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
  };
}
