// GET /api/billing/prices: the price book that prices a workspace's current period, audited.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { ApiError } from "@/lib/errors/api-error";
import { auditRequest } from "@/lib/audit/audit-request";
import { listProductAreas } from "@/lib/metering/product-areas";
import { currentPeriod } from "@/lib/periods/period";
import { priceBooksInEffect } from "./price-books";
import type { PricesResponse } from "./prices-response";

export async function getPrices({
  ctx: { access, request },
  input: { now = new Date() },
}: DomainCall<WorkspaceContext, { now?: Date }>): Promise<PricesResponse> {
  const workspace = oneWorkspace(access);
  const period = currentPeriod(workspace, now);
  const book = (await priceBooksInEffect(access.scope, new Map([[workspace.id, period.start]]))).get(workspace.id);
  if (!book) throw new ApiError("not_found", `No price book is in effect for the period that started ${period.start}.`);
  const units = new Map((await listProductAreas()).map((area) => [area.key, area.unit]));
  await auditRequest(
    access,
    "billing.prices.viewed",
    { period: { start: period.start, end: period.end }, effectiveFrom: book.effectiveFrom },
    request,
  );
  return {
    workspaceId: workspace.id,
    currency: book.currency,
    effectiveFrom: book.effectiveFrom,
    period: { start: period.start, end: period.end },
    items: book.items.map(({ productArea, includedQuantity, tiers }) => ({
      productArea,
      unit: units.get(productArea) ?? null,
      includedQuantity,
      tiers,
    })),
  };
}
