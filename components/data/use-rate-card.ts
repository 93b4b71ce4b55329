"use client";

import { useQuery } from "@tanstack/react-query";
import { requestJson } from "./api-request";

/** GET /api/billing/rate-card: the price book in effect for a period, and where the period's usage stands on it. */
export interface RateCardResponse {
  workspaceId: string;
  currency: string;
  /** The day the price book took effect (workspace calendar). */
  effectiveFrom: string;
  period: { start: string; end: string };
  items: RateCardItem[];
  /** Areas with usage in the period and no price in the book. */
  unpriced: string[];
}

export interface RateCardItem {
  productArea: string;
  unit: string | null;
  includedQuantity: string;
  quantityToDate: string;
  /** The day the period's usage went past the included quantity; null while it has not. */
  includedUsedUpOn: string | null;
  tiers: { upTo: string | null; unitAmount: string; reachedOn: string | null }[];
  /** Index into `tiers` of the tier the usage is in now; null while inside the included quantity. */
  currentTier: number | null;
}

/** The rate card of one workspace's period (`period`: current | previous | YYYY-MM). */
export function useRateCard(params: { workspaceId: string; period: string }) {
  const search = new URLSearchParams(params);
  return useQuery({
    queryKey: ["rate-card", search.toString()],
    queryFn: () => requestJson<RateCardResponse>(`/api/billing/rate-card?${search}`, { failure: "The rate card could not be loaded" }),
    refetchInterval: 5 * 60_000,
  });
}
