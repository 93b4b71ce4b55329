"use client";

import { useQuery } from "@tanstack/react-query";
import type { UsageResponse } from "@/lib/usage/usage-response";
import { requestJson } from "./api-request";

function fetchUsage(params: Record<string, string>): Promise<UsageResponse> {
  return requestJson(`/api/billing/usage?${new URLSearchParams(params)}`, { failure: "The usage service failed" });
}

/** A report the server already read for these parameters (the page's first view). */
export interface SeededReport {
  params: Record<string, string>;
  data: UsageResponse;
}

const sameParams = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);

/** Usage from GET /api/billing/usage; `params` are its query parameters. */
export function useUsage(params: Record<string, string> | null, seeded?: SeededReport | null) {
  const initial = seeded && params && sameParams(seeded.params, params) ? seeded.data : undefined;
  return useQuery({
    queryKey: ["usage", params],
    queryFn: () => fetchUsage(params!),
    enabled: params !== null,
    refetchInterval: 60_000,
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.parse(initial.generatedAt) : undefined,
    // Other bars (weeks for days) of the same view: the figures stay on screen, and the control
    // that asked keeps its focus, until the new buckets come. Any other change shows the loading state.
    placeholderData: (previous, query) => {
      const before = query?.queryKey[1] as Record<string, string> | null | undefined;
      if (!previous || !before || !params) return undefined;
      const { granularity: _a, ...rest } = params;
      const { granularity: _b, ...restBefore } = before;
      return sameParams(rest, restBefore) ? previous : undefined;
    },
  });
}
