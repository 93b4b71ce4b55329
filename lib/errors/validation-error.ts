import type { z } from "zod";
import { ApiError } from "./api-error";

/** Turns zod issues into a bad_request error naming each bad field. */
export function validationError(error: z.ZodError, what = "request"): ApiError {
  const details = error.issues.map((issue) => ({
    field: issue.path.join(".") || "(root)",
    message: issue.message,
  }));
  // In words, so a person reading it knows what to change: "to must not be before from".
  const problems = [...new Set(details.map((detail) => `${detail.field} ${detail.message}`))].join("; ");
  return new ApiError("bad_request", `Invalid ${what}: ${problems}`, details);
}
