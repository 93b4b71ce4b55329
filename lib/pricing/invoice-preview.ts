// GET /api/billing/invoice-preview: a workspace's invoice for a period as it would be issued, line
// by line: the lines of the usage so far beside the lines of the projection (the projection API's
// own, cached, so the totals agree to the cent). Once the period is closed, the actual invoice.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors/api-error";
import { listProductAreas } from "@/lib/metering/product-areas";
import { resolveRange } from "@/lib/periods/resolve-range";
import { cachedProjection } from "@/lib/projection/project-usage";
import { trimDecimal } from "@/lib/usage/decimal";
import { periodRange } from "@/lib/usage/usage-query";
import { groupedUsageSql } from "@/lib/usage/usage-sql";
import type { InvoicePreviewResponse } from "./invoice-preview-response";
import { priceLine, type InvoiceLine } from "./invoice-lines";
import { Exact, minorUnitDigits } from "./money";
import { priceBooksInEffect } from "./price-books";

type Line = InvoicePreviewResponse["lines"][number]["actual"];

const shown = ({ quantity, billableQuantity, amount, tiers }: InvoiceLine): Line => ({ quantity, billableQuantity, amount, tiers });

export async function previewInvoice({
  ctx: { access, request },
  input: { period, now = new Date() },
}: DomainCall<WorkspaceContext, { period?: string; now?: Date }>): Promise<InvoicePreviewResponse> {
  const workspace = oneWorkspace(access);
  const range = resolveRange(workspace, periodRange(period), now, env().METERING_GRACE_HOURS);
  const book = (await priceBooksInEffect(access.scope, new Map([[workspace.id, range.start]]))).get(workspace.id);
  if (!book) throw new ApiError("not_found", `No price book is in effect for the period that started ${range.start}.`);
  const totals = await db().$queryRaw<{ productArea: string; unit: string; quantity: string }[]>(
    groupedUsageSql(
      [{ workspaceId: workspace.id, start: range.start, end: range.end, wholePeriod: true }],
      null,
      ["productArea"],
      access.scope,
    ),
  );
  const projection = range.closed ? null : await cachedProjection(access, { period, now });
  const actual = new Map(totals.map((t) => [t.productArea, trimDecimal(t.quantity)]));
  const projected = new Map((projection?.areas ?? []).map((a) => [a.productArea, a.projectedQuantity]));
  const units = new Map((await listProductAreas()).map((area) => [area.key, area.unit]));
  const items = new Map(book.items.map((item) => [item.productArea, item]));
  const lines: InvoicePreviewResponse["lines"] = [];
  const unpriced: string[] = [];
  for (const area of [...new Set([...actual.keys(), ...projected.keys()])].sort()) {
    const item = items.get(area);
    const quantity = actual.get(area) ?? "0";
    if (!item) {
      if (!new Exact(quantity).isZero() || !new Exact(projected.get(area) ?? "0").isZero()) unpriced.push(area);
      continue;
    }
    lines.push({
      productArea: area,
      unit: units.get(area) ?? null,
      actual: shown(priceLine(item, quantity, book.currency)),
      projected: projection ? shown(priceLine(item, projected.get(area) ?? quantity, book.currency)) : null,
    });
  }
  const sum = (amounts: string[]) => amounts.reduce((a, b) => a.plus(b), new Exact(0)).toFixed(minorUnitDigits(book.currency));
  await auditRequest(
    access,
    "billing.invoice_preview.viewed",
    { period: { start: range.start, end: range.end }, effectiveFrom: book.effectiveFrom, query: { period: period ?? "current" } },
    request,
  );
  return {
    workspaceId: workspace.id,
    currency: book.currency,
    period: { start: range.start, end: range.end, closed: range.closed },
    estimate: !range.closed,
    lines,
    totals: {
      actual: sum(lines.map((l) => l.actual.amount)),
      projected: projection ? sum(lines.map((l) => l.projected!.amount)) : null,
    },
    unpriced,
    projectedAt: projection?.asOf ?? null,
  };
}
