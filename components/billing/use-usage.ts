"use client";

import { useQuery } from "@tanstack/react-query";
import type { UsageResponse } from "@/lib/usage/usage-response";

export class UsageRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function fetchUsage(params: Record<string, string>): Promise<UsageResponse> {
  const response = await fetch(`/api/billing/usage?${new URLSearchParams(params)}`, { headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new UsageRequestError(
      response.status,
      body?.error?.code ?? "unknown",
      body?.error?.message ?? `The usage service answered ${response.status}.`,
    );
  }
  return response.json();
}

/** Usage from GET /api/billing/usage; `params` are its query parameters. */
export function useUsage(params: Record<string, string> | null) {
  return useQuery({
    queryKey: ["usage", params],
    queryFn: () => fetchUsage(params!),
    enabled: params !== null,
    refetchInterval: 60_000,
  });
}
