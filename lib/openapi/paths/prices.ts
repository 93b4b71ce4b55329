// The price book of a workspace's current period, the rate card and the invoice preview.
import { errors, json, oneWorkspaceIdParam, queryParameters } from "../building-blocks";
import { invoicePreviewResponseSchema } from "@/lib/pricing/invoice-preview-response";
import { pricedPeriodQuery } from "@/lib/pricing/prices-query";
import { pricesResponseSchema } from "@/lib/pricing/prices-response";
import { rateCardResponseSchema } from "@/lib/pricing/rate-card-response";

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
    "/api/billing/rate-card": {
      get: {
        operationId: "getRateCard",
        tags: ["pricing"],
        summary:
          "The price book in effect for a period and where the period's usage stands on it: when the included quantity was used up, when each tier was reached, the tier usage is in now (one workspace; audited as billing.rate_card.viewed)",
        security: [{ session: [] }],
        parameters: [oneWorkspaceIdParam, ...queryParameters(pricedPeriodQuery)],
        responses: {
          200: json(rateCardResponseSchema, "Per priced area: included quantity, tiers with the day each was reached, the current tier"),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/api/billing/invoice-preview": {
      get: {
        operationId: "getInvoicePreview",
        tags: ["pricing"],
        summary:
          "The period's invoice line by line: the lines of the usage so far beside those of the projection (the projection's total to the cent); once closed, the actual invoice (one workspace; audited as billing.invoice_preview.viewed)",
        security: [{ session: [] }],
        parameters: [oneWorkspaceIdParam, ...queryParameters(pricedPeriodQuery)],
        responses: {
          200: json(invoicePreviewResponseSchema, "Per priced area: quantity, tier breakdown and amount, actual and projected"),
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
