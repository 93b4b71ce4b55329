// Sign-in throttle, kept in the database so every app process sees the same counts. Keys are
// HMACs of the account email and of the client address (the table names neither). Only failures
// count: an attempt is counted before its password is checked (so a burst of parallel attempts
// cannot slip through together) and given back when it succeeds.
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

/** One account: five tries, then 1, 2, 4, 8, 15, 15 … minutes between tries. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseLockSeconds: 60, maxLockSeconds: 15 * 60 };
/** One client address (an office can share one): thirty failures across accounts, then the same back-off. */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 30, baseLockSeconds: 60, maxLockSeconds: 15 * 60 };
/** Failures are forgotten after an hour without one. */
const FORGET_AFTER_SECONDS = 60 * 60;

export interface AttemptKeys {
  email: string;
  ip: string | null;
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function throttleKey(kind: "account" | "ip", value: string): string {
  return createHmac("sha256", env().authSecret).update(`sign-in-throttle\u0000${kind}\u0000${value}`).digest("base64url");
}

interface Keyed {
  key: string;
  policy: ThrottlePolicy;
}

function keysFor({ email, ip }: AttemptKeys): { account: Keyed; address: Keyed | null } {
  return {
    account: { key: throttleKey("account", email.trim().toLowerCase().slice(0, 320)), policy: ACCOUNT_POLICY },
    address: ip ? { key: throttleKey("ip", ip), policy: ADDRESS_POLICY } : null,
  };
}

/**
 * Counts one attempt against each key, unless a key is locked: then nothing is counted and the
 * caller must refuse without checking the password. The attempt that reaches a policy's free
 * count sets the lock already; a success lifts it again (settleAttempt).
 */
export async function reserveAttempt(attempt: AttemptKeys): Promise<Reservation> {
  const { account, address } = keysFor(attempt);
  const keys = address ? [account, address] : [account];
  const locked = await lockedFor(keys.map(({ key }) => key));
  if (locked > 0) return { allowed: false, retryAfterSeconds: locked };
  for (const { key, policy } of keys) {
    const counted = await database().execute(countFailure(key, policy));
    // Locked by a concurrent attempt between the look and the count: refuse like the others.
    if (counted === 0) return { allowed: false, retryAfterSeconds: Math.max(1, await lockedFor([key])) };
  }
  return { allowed: true };
}

/** A correct password: the account starts afresh, and the address gets its attempt back. */
export async function settleAttempt(attempt: AttemptKeys, succeeded: boolean): Promise<void> {
  if (!succeeded) return;
  const { account, address } = keysFor(attempt);
  await database().execute(Prisma.sql`DELETE FROM "SignInThrottle" WHERE key = ${account.key}`);
  if (address) {
    await database().execute(Prisma.sql`
      UPDATE "SignInThrottle"
         SET failures = greatest(failures - 1, 0),
             "lockedUntil" = CASE WHEN failures - 1 >= ${address.policy.free}::int THEN "lockedUntil" END
       WHERE key = ${address.key}`);
  }
}

/** Seconds until every key is unlocked; 0 when none is locked. */
async function lockedFor(keys: string[]): Promise<number> {
  const [row] = await database().query<{ seconds: number | null }>(Prisma.sql`
    SELECT ceil(extract(epoch FROM max("lockedUntil") - now()))::int AS seconds
      FROM "SignInThrottle" WHERE key IN (${Prisma.join(keys)}) AND "lockedUntil" > now()`);
  return row?.seconds ?? 0;
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
