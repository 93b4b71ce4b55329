"use client";

import { useQuery } from "@tanstack/react-query";
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import { requestJson } from "./api-request";

/** The projection of the view's period from GET /api/billing/projection; off for closed periods. */
export function useProjection(params: { workspaceId: string; period?: string; productArea?: string }, enabled: boolean) {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return useQuery({
    queryKey: ["projection", search.toString()],
    queryFn: () => requestJson<ProjectionResponse>(`/api/billing/projection?${search}`, { failure: "The projection could not be made" }),
    enabled,
    refetchInterval: 5 * 60_000,
  });
}
