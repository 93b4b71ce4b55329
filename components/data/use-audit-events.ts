"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { requestJson } from "./api-request";

export interface AuditEventItem {
  id: string;
  occurredAt: string;
  action: string;
  actorEmail: string | null;
  target: unknown;
  requestId: string | null;
  clientRequestId: string | null;
  ip: string | null;
  metadata: { role?: string; [detail: string]: unknown } | null;
}

export interface AuditFilters {
  action: string;
  actor: string;
  from: string;
  to: string;
}

/** The query string of GET /api/audit-events and of its CSV download (/api/audit-events/export). */
export function auditEventsSearch(workspaceId: string, filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ workspaceId, ...extra });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params.toString();
}

/** The workspace's audit events matching `filters` (GET /api/audit-events), a page at a time. */
export function useAuditEvents(workspaceId: string, filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ["audit", workspaceId, filters],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      requestJson<{ events: AuditEventItem[]; nextCursor: string | null }>(
        `/api/audit-events?${auditEventsSearch(workspaceId, filters, pageParam ? { cursor: pageParam } : {})}`,
        { failure: "The audit log could not be loaded" },
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
