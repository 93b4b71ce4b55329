"use client";

import { useQuery } from "@tanstack/react-query";
import type { ProjectionResponse } from "@/lib/projection/projection-response";

/** The projection of the view's period from GET /api/billing/projection; off for closed periods. */
export function useProjection(params: { workspaceId: string; period?: string; productArea?: string }, enabled: boolean) {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return useQuery({
    queryKey: ["projection", search.toString()],
    queryFn: async (): Promise<ProjectionResponse> => {
      const response = await fetch(`/api/billing/projection?${search}`, { headers: { accept: "application/json" } });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        throw new Error(body?.error?.message ?? `The projection could not be made (${response.status}).`);
      }
      return response.json();
    },
    enabled,
    refetchInterval: 5 * 60_000,
  });
}
