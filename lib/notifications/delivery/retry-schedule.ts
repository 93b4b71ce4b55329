// When a webhook delivery is tried again: the schedule Standard Webhooks and Svix use, counted
// from the delivery's creation, so a slow attempt or a late worker does not stretch it. Eight
// attempts over about 27.5 hours (decision 0100); after the last one the delivery has failed.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait before each retry, after the attempt before it was due. */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;

/** The first attempt, right away, and one per retry. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * When the next attempt is due after `attemptsMade` failed ones, or null when none is left:
 * creation + the sum of the first `attemptsMade` delays.
 */
export function nextAttemptAt(createdAt: Date, attemptsMade: number): Date | null {
  if (attemptsMade >= MAX_ATTEMPTS) return null;
  const wait = RETRY_DELAYS_MS.slice(0, attemptsMade).reduce((sum, delay) => sum + delay, 0);
  return new Date(createdAt.getTime() + wait);
}
