"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BudgetChange } from "@/components/anomalies/budget-form";
import type { BudgetResponse } from "@/lib/budget/budget-response";
import { requestJson } from "./api-request";

const budgetUrl = (workspaceId: string) => `/api/billing/budget?workspaceId=${encodeURIComponent(workspaceId)}`;

/** The current period against the workspace's budget (GET /api/billing/budget); null without one. */
export function useBudget(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["budget", workspaceId],
    queryFn: () => requestJson<BudgetResponse>(budgetUrl(workspaceId), { failure: "The budget could not be loaded" }),
    enabled,
    refetchInterval: 5 * 60_000,
  });
}

/**
 * Sets (PUT) or removes (DELETE, on null) the budget. Saving or removing a budget changes its
 * banner and may raise or resolve budget flags.
 */
export function useBudgetChange(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: BudgetChange | null) =>
      requestJson<BudgetResponse>(budgetUrl(workspaceId), {
        method: change ? "PUT" : "DELETE",
        body: change ?? undefined,
        failure: "The budget could not be saved",
      }),
    onSuccess: (saved) => {
      client.setQueryData(["budget", workspaceId], saved);
      void client.invalidateQueries({ queryKey: ["anomalies"] });
    },
  });
}
