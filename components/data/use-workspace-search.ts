"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Permission } from "@/lib/access/permissions";
import type { WorkspaceSummary } from "@/lib/workspaces/list-workspaces";
import { requestJson } from "./api-request";

export interface WorkspaceSearchResult {
  workspaces: WorkspaceSummary[];
  /** Number of matches (the list holds at most `limit` of them). */
  total: number;
}

function fetchWorkspaces(params: Record<string, string>): Promise<WorkspaceSearchResult> {
  return requestJson(`/api/workspaces?${new URLSearchParams(params)}`, { failure: "The workspace service failed" });
}

/** `value`, once it has stopped changing for `delayMs`. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * Workspaces matching `search` from GET /api/workspaces (the first `limit`, by name, and how many
 * matched), asked once typing pauses. While the next answer loads, the previous one is kept.
 */
export function useWorkspaceSearch(
  search: string,
  { limit, permission, enabled = true }: { limit: number; permission?: Permission; enabled?: boolean },
) {
  const settled = useDebounced(search.trim(), 250);
  const params: Record<string, string> = { search: settled, limit: String(limit), ...(permission ? { permission } : {}) };
  const query = useQuery({
    queryKey: ["workspaces", params],
    queryFn: () => fetchWorkspaces(params),
    enabled,
    placeholderData: keepPreviousData,
  });
  return { ...query, settled: settled === search.trim() && !query.isPlaceholderData };
}
