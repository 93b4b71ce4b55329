import { z } from "zod";
import { timeCursor } from "@/lib/query/time-cursor";

export const exportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: timeCursor(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe("From the previous page's nextCursor"),
});
export type ExportsQuery = z.output<typeof exportsQuery>;
