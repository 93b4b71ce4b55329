import { z } from "zod";

export const budgetBody = z.object({
  amount: z
    .string()
    .regex(/^\d{1,24}(\.\d{1,12})?$/, "must be a positive decimal string")
    .refine((v) => Number(v) > 0, "must be more than 0"),
  thresholds: z
    .array(z.number().int().min(1).max(1000))
    .min(1)
    .max(10)
    .refine((t) => new Set(t).size === t.length, "must not repeat a threshold"),
});
export type BudgetBody = z.output<typeof budgetBody>;
