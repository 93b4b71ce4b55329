// PostgreSQL's SQLSTATE of an error from the plain `pg` pool (Database.query/execute on
// PostgreSQL). Prisma's PGlite adapter drops it, so on PGlite this is always null.

export function sqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/** The error is about the values sent (class 22, data exception; class 54, a limit exceeded): sending them again fails again. */
export function isDataError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== null && (state.startsWith("22") || state.startsWith("54"));
}

export const DEADLOCK_DETECTED = "40P01";
export const UNIQUE_VIOLATION = "23505";
