"use client";

import { useQuery } from "@tanstack/react-query";
import { requestJson } from "./api-request";

export interface ExportItem {
  id: string;
  createdAt: string;
  requestedBy: { name: string; email: string };
  workspaces: { id: string; slug: string; name: string }[];
  productAreas: string[] | null;
  periodStart: string;
  periodEnd: string;
  filename: string;
  rowCount: number;
  totals: { productArea: string; unit: string; quantity: string }[];
  downloadUrl: string;
}

/** The workspace's ten latest exports, newest first (GET /api/billing/exports). */
export function useExportHistory(workspaceId: string) {
  return useQuery({
    queryKey: ["exports", workspaceId],
    queryFn: () =>
      requestJson<{ exports: ExportItem[] }>(`/api/billing/exports?workspaceId=${encodeURIComponent(workspaceId)}&limit=10`, {
        failure: "Export history could not be loaded",
      }),
  });
}
