import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, ADDRESS_POLICY, GLOBAL_CAP, KNOWN_DEVICE_POLICY, purgeSignInThrottle } from "@/lib/auth/sign-in-throttle";
import { systemDb } from "@/lib/db";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { DEMO_PASSWORD, signInThroughRoute } from "../support/sign-in";
import { backend } from "../support/test-database";

beforeAll(() => seedDemoData());

const WRONG = "not-the-password-123";

async function answer(email: string, password: string, ip: string, cookie: string | null = null) {
  const { response, sessionCookie } = await signInThroughRoute(email, password, { ip, cookie });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    location: response.headers.get("location"),
    body: text ? (JSON.parse(text) as unknown) : null,
    signedIn: sessionCookie !== null,
  };
}

/** Lets every lock expire, as if the back-off had been waited out. */
async function waitOutLocks() {
  await systemDb().$executeRaw`UPDATE "SignInThrottle" SET "lockedUntil" = now() - interval '1 second' WHERE "lockedUntil" IS NOT NULL`;
}

describe(`the sign-in throttle on ${backend}`, () => {
  it("refuses an account after five wrong passwords from one client with 429 and Retry-After, then the right one from there too", async () => {
    const ip = "198.51.100.10";
    for (let i = 0; i < ACCOUNT_POLICY.free; i++) {
      const refused = await answer(ACCOUNTS.finance, WRONG, ip);
      expect(refused).toMatchObject({ status: 302, signedIn: false });
      expect(refused.location).toContain("error=CredentialsSignin");
    }
    const throttled = await answer(ACCOUNTS.finance, WRONG, ip);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.retryAfter)).toBeGreaterThan(50);
    expect(Number(throttled.retryAfter)).toBeLessThanOrEqual(60);
    expect(throttled.body).toEqual({
      error: {
        code: "rate_limited",
        message: "Too many sign-in attempts. Try again in 1 minute.",
        details: { retryAfterSeconds: Number(throttled.retryAfter) },
      },
    });
    // That client waits, whatever it sends; another address is not held up by it.
    expect(await answer(ACCOUNTS.finance, DEMO_PASSWORD, ip)).toMatchObject({ status: 429, signedIn: false });
    expect(await answer(ACCOUNTS.finance, DEMO_PASSWORD, "198.51.100.11")).toMatchObject({ status: 302, signedIn: true });
  });

  it("answers an unknown email exactly as it answers an existing account", async () => {
    const ip = "198.51.100.20";
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i <= ACCOUNT_POLICY.free + 1; i++) {
      const a = await answer(ACCOUNTS.support, WRONG, ip);
      const b = await answer("nobody-here@example.com", WRONG, ip);
      // The seconds left may differ by one between the two: only whether they are given is compared.
      known.push(JSON.parse(JSON.stringify(a).replace(/(retryAfter(?:Seconds)?)":"?\d+"?/g, '$1":"set"')));
      unknown.push(JSON.parse(JSON.stringify(b).replace(/(retryAfter(?:Seconds)?)":"?\d+"?/g, '$1":"set"')));
    }
    expect(unknown).toEqual(known);
    expect(known.filter((a) => (a as { status: number }).status === 429)).toHaveLength(2);
  });

  it("audits refused and throttled sign-ins with the email tried and the client address, never the password", async () => {
    const email = "audited-guess@example.com";
    const ip = "198.51.100.30";
    for (let i = 0; i <= ACCOUNT_POLICY.free; i++) await answer(email, `${WRONG}-${i}`, ip);
    const rows = await systemDb().auditEvent.findMany({
      where: { target: { path: ["email"], equals: email } },
      orderBy: { occurredAt: "asc" },
    });
    expect(rows.map((row) => row.action)).toEqual([...Array(ACCOUNT_POLICY.free).fill("auth.signin.refused"), "auth.signin.throttled"]);
    for (const row of rows) {
      expect(row).toMatchObject({ actorId: null, workspaceId: null, ip });
      expect(JSON.stringify(row)).not.toContain(WRONG);
    }
    expect(rows.at(-1)!.metadata).toEqual({ retryAfterSeconds: expect.any(Number) });
  });

  it("counts only failures: a success starts the account afresh", async () => {
    const ip = "198.51.100.40";
    for (let i = 0; i < ACCOUNT_POLICY.free - 1; i++) await answer(ACCOUNTS.member, WRONG, ip);
    expect(await answer(ACCOUNTS.member, DEMO_PASSWORD, ip)).toMatchObject({ status: 302, signedIn: true });
    for (let i = 0; i < ACCOUNT_POLICY.free; i++) expect((await answer(ACCOUNTS.member, WRONG, ip)).status).toBe(302);
    expect((await answer(ACCOUNTS.member, WRONG, ip)).status).toBe(429);
  });

  it("doubles the lock with each failure after it expires", async () => {
    const email = "backoff@example.com";
    for (let i = 0; i < ACCOUNT_POLICY.free; i++) await answer(email, WRONG, "198.51.100.50");
    await waitOutLocks();
    expect((await answer(email, WRONG, "198.51.100.50")).status).toBe(302);
    const throttled = await answer(email, WRONG, "198.51.100.50");
    expect(throttled.status).toBe(429);
    expect(Number(throttled.retryAfter)).toBeGreaterThan(110);
    expect(Number(throttled.retryAfter)).toBeLessThanOrEqual(120);
    expect((throttled.body as { error: { message: string } }).error.message).toBe("Too many sign-in attempts. Try again in 2 minutes.");
  });

  it("throttles one client address trying many accounts, and no other address", async () => {
    const ip = "198.51.100.60";
    for (let i = 0; i < ADDRESS_POLICY.free; i++) expect((await answer(`spray-${i}@example.com`, WRONG, ip)).status).toBe(302);
    expect((await answer("spray-last@example.com", WRONG, ip)).status).toBe(429);
    expect((await answer(ACCOUNTS.admin, DEMO_PASSWORD, ip)).status).toBe(429);
    expect(await answer(ACCOUNTS.admin, DEMO_PASSWORD, "198.51.100.61")).toMatchObject({ status: 302, signedIn: true });
  });

  it("lets a burst of parallel guesses from one client check no more passwords than the policy allows", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => answer("burst@example.com", WRONG, "198.51.100.100")));
    expect(results.filter((r) => r.status === 302)).toHaveLength(ACCOUNT_POLICY.free);
    expect(results.filter((r) => r.status === 429)).toHaveLength(12 - ACCOUNT_POLICY.free);
  });

  it("does not let strangers' wrong passwords keep the owner out, from a browser that signed in before or from another address", async () => {
    const office = "198.51.100.70";
    const owner = await signInThroughRoute(ACCOUNTS.initechOwner, DEMO_PASSWORD, { ip: office });
    expect(owner.deviceCookie).not.toBeNull();
    expect(owner.response.headers.getSetCookie().find((c) => c.startsWith("billing-known-device="))).toMatch(
      /; Path=\/api\/auth; Max-Age=\d+; HttpOnly; SameSite=Lax/,
    );
    // An attacker elsewhere, and one behind the same office address, both get locked.
    for (const ip of ["203.0.113.5", office]) {
      for (let i = 0; i < ACCOUNT_POLICY.free; i++) await answer(ACCOUNTS.initechOwner, WRONG, ip);
      expect((await answer(ACCOUNTS.initechOwner, DEMO_PASSWORD, ip)).status).toBe(429);
    }
    expect(await answer(ACCOUNTS.initechOwner, DEMO_PASSWORD, office, owner.deviceCookie)).toMatchObject({ status: 302, signedIn: true });
    expect(await answer(ACCOUNTS.initechOwner, DEMO_PASSWORD, "198.51.100.71")).toMatchObject({ status: 302, signedIn: true });
    // A cookie this app did not sign is no known device.
    const forged = owner.deviceCookie!.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await answer(ACCOUNTS.initechOwner, DEMO_PASSWORD, office, forged)).status).toBe(429);
  });

  it("counts a known browser's own failures apart, more leniently, and only for the accounts it signed in to", async () => {
    const ip = "198.51.100.80";
    const { deviceCookie } = await signInThroughRoute(ACCOUNTS.admin, DEMO_PASSWORD, { ip });
    for (let i = 0; i < KNOWN_DEVICE_POLICY.free; i++) expect((await answer(ACCOUNTS.admin, WRONG, ip, deviceCookie)).status).toBe(302);
    expect((await answer(ACCOUNTS.admin, DEMO_PASSWORD, ip, deviceCookie)).status).toBe(429);
    // The same client without that history is counted as anyone else: its five tries are untouched.
    expect(await answer(ACCOUNTS.admin, DEMO_PASSWORD, ip)).toMatchObject({ status: 302, signedIn: true });
    // For another account, the cookie is worth nothing.
    for (let i = 0; i < ACCOUNT_POLICY.free; i++) await answer("someone-else@example.com", WRONG, ip, deviceCookie);
    expect((await answer("someone-else@example.com", WRONG, ip, deviceCookie)).status).toBe(429);
  });

  it("caps failures from unknown clients across all accounts per minute, without locking out known browsers", async () => {
    const ip = "198.51.100.90";
    const { deviceCookie } = await signInThroughRoute(ACCOUNTS.member, DEMO_PASSWORD, { ip });
    // This minute's and the next one's rows full, as after a flood of guesses (so the test cannot straddle two windows).
    for (const offset of [0, GLOBAL_CAP.windowSeconds]) {
      await systemDb().$executeRaw`
        INSERT INTO "SignInThrottle" (key, failures, "updatedAt")
        VALUES ('global:' || floor((extract(epoch FROM now()) + ${offset}::int) / ${GLOBAL_CAP.windowSeconds}::int)::bigint, ${GLOBAL_CAP.failures}::int, now())
        ON CONFLICT (key) DO UPDATE SET failures = excluded.failures`;
    }
    const capped = await answer(ACCOUNTS.member, DEMO_PASSWORD, "198.51.100.91");
    expect(capped).toMatchObject({ status: 429, signedIn: false });
    expect(Number(capped.retryAfter)).toBeGreaterThan(0);
    expect(Number(capped.retryAfter)).toBeLessThanOrEqual(GLOBAL_CAP.windowSeconds);
    expect(await answer(ACCOUNTS.member, DEMO_PASSWORD, ip, deviceCookie)).toMatchObject({ status: 302, signedIn: true });
    await systemDb().$executeRaw`DELETE FROM "SignInThrottle" WHERE key LIKE 'global:%'`;
  });

  it("keeps only rows that still lock or count", async () => {
    await waitOutLocks();
    await systemDb().$executeRaw`UPDATE "SignInThrottle" SET "updatedAt" = now() - interval '2 hours'`;
    expect(await purgeSignInThrottle()).toBeGreaterThan(0);
    expect(await systemDb().signInThrottle.count()).toBe(0);
  });
});
