"use client";

import { useQuery } from "@tanstack/react-query";
import type { RateCardResponse } from "@/lib/pricing/rate-card-response";
import { requestJson } from "./api-request";

/** One area of the rate card: its price item and where the period's usage stands on it. */
export type RateCardItem = RateCardResponse["items"][number];

/** The rate card of one workspace's period (`period`: current | previous | YYYY-MM). */
export function useRateCard(params: { workspaceId: string; period: string }) {
  const search = new URLSearchParams(params);
  return useQuery({
    queryKey: ["rate-card", search.toString()],
    queryFn: () => requestJson<RateCardResponse>(`/api/billing/rate-card?${search}`, { failure: "The rate card could not be loaded" }),
    refetchInterval: 5 * 60_000,
  });
}
