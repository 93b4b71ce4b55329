"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { AnomalyFlagView, AnomalyPage, AnomalyStatus } from "@/components/anomalies/types";
import { requestJson } from "./api-request";

/** Flags from GET /api/billing/anomalies, a page at a time (the API's cursor). */
export function useAnomalies(params: Record<string, string | undefined>, enabled = true) {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return useInfiniteQuery({
    queryKey: ["anomalies", search.toString()],
    queryFn: ({ pageParam }): Promise<AnomalyPage> => {
      const page = new URLSearchParams(search);
      if (pageParam) page.set("cursor", pageParam);
      return requestJson(`/api/billing/anomalies?${page}`, { failure: "The anomaly flags could not be loaded" });
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    refetchInterval: 5 * 60_000,
  });
}

type TriageInput = { flag: AnomalyFlagView; status: AnomalyStatus; note: string };

/**
 * PATCH /api/billing/anomalies/{id}: moves a flag along its lifecycle, with a note. `onSaved` runs
 * before the list refreshes, and even when the refreshed list no longer holds the flag's controls.
 */
export function useTriage(onSaved?: (input: TriageInput) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ flag, status, note }: TriageInput) =>
      requestJson<unknown>(`/api/billing/anomalies/${encodeURIComponent(flag.id)}`, {
        method: "PATCH",
        body: { status, note },
        failure: "The flag could not be changed",
      }),
    onSuccess: (_answer, input) => onSaved?.(input),
    onSettled: () => client.invalidateQueries({ queryKey: ["anomalies"] }),
  });
}
