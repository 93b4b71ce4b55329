// The body of every API response that is not a success. Field names are a public contract: add, never rename.
import { z } from "zod";
import { ERROR_CODES } from "@/lib/errors/api-error";

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().describe("In words, for a person"),
    details: z.unknown().optional().describe("For invalid input: each bad field and what is wrong with it"),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;
