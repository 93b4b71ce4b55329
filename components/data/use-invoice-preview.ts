"use client";

import { useQuery } from "@tanstack/react-query";
import { requestJson } from "./api-request";

export interface InvoiceFigures {
  quantity: string;
  /** The quantity above the included one: what the tiers price. */
  billableQuantity: string;
  /** Rounded to the currency's minor unit; the lines add up to the total. */
  amount: string;
  /** Each tier's share, exact (not rounded). */
  tiers: { upTo: string | null; unitAmount: string; quantity: string; amount: string }[];
}

export interface InvoicePreviewLine {
  productArea: string;
  unit: string | null;
  /** The period's usage so far (final once the period is closed). */
  actual: InvoiceFigures;
  /** The line as the projection expects it at the period's end; null when nothing is projected. */
  projected: InvoiceFigures | null;
}

/** GET /api/billing/invoice-preview: the period's invoice as it would be issued. */
export interface InvoicePreviewResponse {
  workspaceId: string;
  currency: string;
  period: { start: string; end: string; closed: boolean };
  /** True while the figures are a projection, not the issued invoice. */
  estimate: boolean;
  lines: InvoicePreviewLine[];
  totals: { actual: string; projected: string | null };
  unpriced: string[];
  projectedAt: string | null;
}

/** The invoice preview of one workspace's period (`period`: current | previous | YYYY-MM). */
export function useInvoicePreview(params: { workspaceId: string; period: string }) {
  const search = new URLSearchParams(params);
  return useQuery({
    queryKey: ["invoice-preview", search.toString()],
    queryFn: () =>
      requestJson<InvoicePreviewResponse>(`/api/billing/invoice-preview?${search}`, { failure: "The invoice preview could not be made" }),
    refetchInterval: 5 * 60_000,
  });
}
