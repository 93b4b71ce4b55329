// The health endpoints' body: every check by name, each ok, failed (with why) or skipped.
import { z } from "zod";

export const checkResultSchema = z.object({
  status: z.enum(["ok", "fail", "skipped"]),
  message: z.string().optional(),
  durationMs: z.number().int().nonnegative().optional(),
});

export const healthResponseSchema = z.object({
  status: z.enum(["ok", "fail"]),
  checks: z.record(z.string(), checkResultSchema),
});
