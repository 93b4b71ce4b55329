// The response contract of GET /api/billing/exports. Field names are a public contract: add, never rename.
import { z } from "zod";

export const exportTotalSchema = z.object({
  productArea: z.string(),
  unit: z.string(),
  quantity: z.string(),
  sourceEventCount: z.number().int(),
});

export const exportSummarySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  requestedBy: z.object({ name: z.string(), email: z.string() }),
  workspaceIds: z.array(z.string()),
  workspaces: z
    .array(z.object({ id: z.string(), slug: z.string(), name: z.string() }))
    .describe("The workspaces the file covers, the primary first"),
  productAreas: z.array(z.string()).nullable().describe("The product areas the export was limited to; null: all"),
  periodStart: z.string(),
  periodEnd: z.string(),
  filename: z.string(),
  rowCount: z.number().int().describe("Day rows in the file (totals rows not counted)"),
  byteSize: z.number().int(),
  totals: z.array(exportTotalSchema),
  downloadUrl: z.string(),
});

export const exportsPageSchema = z.object({ exports: z.array(exportSummarySchema), nextCursor: z.string().nullable() });

export type ExportTotal = z.infer<typeof exportTotalSchema>;
export type ExportSummary = z.infer<typeof exportSummarySchema>;
export type ExportsPage = z.infer<typeof exportsPageSchema>;
