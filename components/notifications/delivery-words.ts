// Delivery attempts in words, for the endpoint's list and the test's outcome (no server imports).
import type { DeliveryAttempt } from "./types";

/** "35 ms", "1,204 ms": in the page's locale. */
export const formatDuration = (ms: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: "unit", unit: "millisecond", unitDisplay: "short", maximumFractionDigits: 0 }).format(ms);

/** What the receiver answered: its HTTP status, or why there was no answer. */
export function responseOf(attempt: Pick<DeliveryAttempt, "httpStatus" | "error">): string {
  if (attempt.httpStatus !== null) return attempt.error ? `HTTP ${attempt.httpStatus}: ${attempt.error}` : `HTTP ${attempt.httpStatus}`;
  return attempt.error ?? "No answer";
}

/** The test's outcome, announced: "Test delivered: HTTP 200 in 35 ms." */
export function testOutcome(attempt: DeliveryAttempt, locale: string): string {
  const took = formatDuration(attempt.durationMs, locale);
  return attempt.outcome === "succeeded"
    ? `Test delivered: ${responseOf(attempt)} in ${took}.`
    : `Test failed: ${responseOf(attempt)} after ${took}.`;
}
