// Sign-in throttle, kept in the database so every app process sees the same counts. Keys are
// HMACs of what they count (the table names no email and no address). Only failures count: an
// attempt is counted before its password is checked (so a burst of parallel attempts cannot slip
// through together) and given back when it succeeds.
//
// Nobody but the account's owner should be able to keep the owner out (OWASP's advice against
// lockout denial of service), so nothing counts per account alone:
// - a browser that signed in to the account before (lib/auth/known-device.ts) has its own, more
//   lenient count for it, which nothing anyone else does can touch;
// - any other client is counted per account and client address, and per address across accounts;
// - and all of them together, per minute, against a cap that protects the server.
import "server-only";
import { createHmac } from "node:crypto";
import { database, Prisma } from "@/lib/db";
import { env } from "@/lib/env";

export interface ThrottlePolicy {
  /** Failures allowed before the key is locked. */
  free: number;
  /** The first lock; each further failure doubles it, up to `maxLockSeconds`. */
  baseLockSeconds: number;
  maxLockSeconds: number;
}

/** One account from one client: five tries, then 1, 2, 4, 8, 15, 15 … minutes between tries. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseLockSeconds: 60, maxLockSeconds: 15 * 60 };
/** One client address (an office can share one): thirty failures across accounts, then the same back-off. */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 30, baseLockSeconds: 60, maxLockSeconds: 15 * 60 };
/** One account from a browser that has signed in to it before: a forgetful owner, not a guesser. */
export const KNOWN_DEVICE_POLICY: ThrottlePolicy = { free: 10, baseLockSeconds: 60, maxLockSeconds: 15 * 60 };
/** Failures from unknown clients, all accounts and addresses together, per minute. */
export const GLOBAL_CAP = { failures: 1000, windowSeconds: 60 };
/** Failures are forgotten after an hour without one. */
const FORGET_AFTER_SECONDS = 60 * 60;

export interface AttemptKeys {
  email: string;
  ip: string | null;
  /** The browser's id when it has signed in to this account before (known-device.ts). */
  knownDeviceId: string | null;
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function throttleKey(kind: "device" | "account" | "ip", ...values: string[]): string {
  return createHmac("sha256", env().authSecret)
    .update(["sign-in-throttle", kind, ...values].join("\u0000"))
    .digest("base64url");
}

interface Keyed {
  key: string;
  policy: ThrottlePolicy;
}

function keysFor({ email, ip, knownDeviceId }: AttemptKeys): { keys: Keyed[]; global: boolean } {
  const account = email.trim().toLowerCase().slice(0, 320);
  if (knownDeviceId) return { keys: [{ key: throttleKey("device", knownDeviceId, account), policy: KNOWN_DEVICE_POLICY }], global: false };
  // With no address known (no HTTP entry hook), the account alone is all there is to count.
  const perClient = { key: throttleKey("account", account, ip ?? ""), policy: ACCOUNT_POLICY };
  return { keys: ip ? [perClient, { key: throttleKey("ip", ip), policy: ADDRESS_POLICY }] : [perClient], global: true };
}

/**
 * Counts one attempt against each key, unless a key is locked or the global cap is reached: then
 * nothing more is counted and the caller must refuse without checking the password. The attempt
 * that reaches a policy's free count sets the lock already; a success lifts it again (settleAttempt).
 */
export async function reserveAttempt(attempt: AttemptKeys): Promise<Reservation> {
  const { keys, global } = keysFor(attempt);
  const locked = await lockedFor(keys.map(({ key }) => key));
  if (locked > 0) return { allowed: false, retryAfterSeconds: locked };
  if (global) {
    const full = await countGlobalFailure();
    if (full > 0) return { allowed: false, retryAfterSeconds: full };
  }
  for (const { key, policy } of keys) {
    const counted = await database().execute(countFailure(key, policy));
    // Locked by a concurrent attempt between the look and the count: refuse like the others.
    if (counted === 0) return { allowed: false, retryAfterSeconds: Math.max(1, await lockedFor([key])) };
  }
  return { allowed: true };
}

/** A correct password: the account starts afresh on this client, and the address and the cap get their attempt back. */
export async function settleAttempt(attempt: AttemptKeys, succeeded: boolean): Promise<void> {
  if (!succeeded) return;
  const { keys, global } = keysFor(attempt);
  const [own, address] = keys;
  await database().execute(Prisma.sql`DELETE FROM "SignInThrottle" WHERE key = ${own!.key}`);
  if (address) {
    await database().execute(Prisma.sql`
      UPDATE "SignInThrottle"
         SET failures = greatest(failures - 1, 0),
             "lockedUntil" = CASE WHEN failures - 1 >= ${address.policy.free}::int THEN "lockedUntil" END
       WHERE key = ${address.key}`);
  }
  if (global)
    await database().execute(Prisma.sql`UPDATE "SignInThrottle" SET failures = greatest(failures - 1, 0) WHERE key = ${GLOBAL_KEY}`);
}

/** Seconds until every key is unlocked; 0 when none is locked. */
async function lockedFor(keys: string[]): Promise<number> {
  const [row] = await database().query<{ seconds: number | null }>(Prisma.sql`
    SELECT ceil(extract(epoch FROM max("lockedUntil") - now()))::int AS seconds
      FROM "SignInThrottle" WHERE key IN (${Prisma.join(keys)}) AND "lockedUntil" > now()`);
  return row?.seconds ?? 0;
}

// The current window's row, named by the database's clock so every process agrees on it:
// `global:` and the window's number since the epoch.
const GLOBAL_KEY = Prisma.sql`'global:' || floor(extract(epoch FROM now()) / ${GLOBAL_CAP.windowSeconds}::int)::bigint`;

/** Counts one failure in this window's row; when the cap is reached, the seconds left in the window instead (0 when counted). */
async function countGlobalFailure(): Promise<number> {
  const counted = await database().execute(Prisma.sql`
    INSERT INTO "SignInThrottle" AS t (key, failures, "lockedUntil", "updatedAt")
    VALUES (${GLOBAL_KEY}, 1, NULL, now())
    ON CONFLICT (key) DO UPDATE SET failures = t.failures + 1, "updatedAt" = now()
     WHERE t.failures < ${GLOBAL_CAP.failures}::int`);
  if (counted > 0) return 0;
  const [row] = await database().query<{ seconds: number }>(Prisma.sql`
    SELECT greatest(1, ceil(${GLOBAL_CAP.windowSeconds}::int - mod(extract(epoch FROM now())::numeric, ${GLOBAL_CAP.windowSeconds}::int)))::int AS seconds`);
  return row!.seconds;
}

// One statement, so concurrent attempts on a key are counted one after the other. It changes
// nothing (0 rows) while the key is locked.
function countFailure(key: string, policy: ThrottlePolicy): Prisma.Sql {
  const failures = Prisma.sql`(CASE WHEN t."updatedAt" < now() - make_interval(secs => ${FORGET_AFTER_SECONDS}::int) THEN 0 ELSE t.failures END + 1)`;
  const lock = (count: Prisma.Sql) => Prisma.sql`CASE WHEN ${count} >= ${policy.free}::int
    THEN now() + make_interval(secs => least(${policy.maxLockSeconds}::int, ${policy.baseLockSeconds}::int * power(2, least(${count} - ${policy.free}::int, 20))))
    END`;
  return Prisma.sql`
    INSERT INTO "SignInThrottle" AS t (key, failures, "lockedUntil", "updatedAt")
    VALUES (${key}, 1, ${lock(Prisma.sql`1`)}, now())
    ON CONFLICT (key) DO UPDATE
       SET failures = ${failures}, "lockedUntil" = ${lock(failures)}, "updatedAt" = now()
     WHERE t."lockedUntil" IS NULL OR t."lockedUntil" <= now()`;
}

/** Rows that lock nothing and would be forgotten anyway. */
export async function purgeSignInThrottle(): Promise<number> {
  return database().execute(Prisma.sql`
    DELETE FROM "SignInThrottle"
     WHERE "updatedAt" < now() - make_interval(secs => ${FORGET_AFTER_SECONDS}::int)
       AND ("lockedUntil" IS NULL OR "lockedUntil" <= now())`);
}
