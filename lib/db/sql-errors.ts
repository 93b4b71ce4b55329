// PostgreSQL's SQLSTATE of a failed statement, from the plain `pg` pool or from Prisma's
// PostgreSQL adapter. Prisma's PGlite adapter drops it, so on PGlite this is always null.

export function sqlState(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, clientVersion, meta } = error as {
    code?: unknown;
    clientVersion?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  };
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

/**
 * The database could not be reached or went away mid-statement (refused, terminated, shut down,
 * pool exhausted or closed): nothing about the request was wrong, and a retry may well succeed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; current = (current as { cause?: unknown }).cause, depth++) {
    if (typeof current !== "object") return false;
    const { code, message, meta } = current as {
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
    };
    const state = sqlState(current);
    if (state && (state.startsWith("08") || UNAVAILABLE_STATES.has(state))) return true;
    if (typeof code === "string" && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    const kind = meta?.driverAdapterError?.cause?.kind;
    if (typeof kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// can't reach, timed out, operations timed out, server closed the connection, pool timeout, too many connections
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "DatabaseAccessDenied",
]);
// pg and pg-pool, and PGlite, say so only in words.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Cannot use a pool after calling end|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed|Unable to start a transaction in the given time/;
