import { z } from "zod";
import { timeCursor } from "@/lib/api/time-cursor";

export const exportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: timeCursor.optional().describe("From the previous page's nextCursor"),
});
