// PostgreSQL's SQLSTATE of a failed statement, from the plain `pg` pool or from Prisma's
// PostgreSQL adapter. Prisma's PGlite adapter drops it, so on PGlite this is always null.

export function sqlState(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, clientVersion, meta } = error as { code?: unknown; clientVersion?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const state = clientVersion === undefined ? code : meta?.driverAdapterError?.cause?.originalCode;
  return typeof state === "string" && /^[0-9A-Z]{5}$/.test(state) ? state : null;
}

/**
 * The statement failed on the values it was given (class 22, data exception; class 54, a limit
 * exceeded): running it again on the same values fails again.
 */
export function isDataError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== null && (state.startsWith("22") || state.startsWith("54"));
}

/** A sum or count went past its column's range (numeric or integer): class 22, code 22003. */
export function isOutOfRange(error: unknown): boolean {
  return sqlState(error) === NUMERIC_VALUE_OUT_OF_RANGE;
}

const NUMERIC_VALUE_OUT_OF_RANGE = "22003";
export const DEADLOCK_DETECTED = "40P01";
export const UNIQUE_VIOLATION = "23505";
