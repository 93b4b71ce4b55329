"use client";

import { useQuery } from "@tanstack/react-query";
import type { InvoicePreviewResponse } from "@/lib/pricing/invoice-preview-response";
import { requestJson } from "./api-request";

export type InvoicePreviewLine = InvoicePreviewResponse["lines"][number];
/** One line's figures: quantity, billable quantity, the rounded amount, each tier's exact share. */
export type InvoiceFigures = InvoicePreviewLine["actual"];

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
