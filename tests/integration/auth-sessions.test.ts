import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import { GET as usage } from "@/app/api/billing/usage/route";
import { GET as workspaces } from "@/app/api/workspaces/route";
import { findSessionActor } from "@/lib/access/actor";
import { sessionClaims } from "@/lib/auth/session-claims";
import { rememberedDecode } from "@/lib/auth/session-token";
import { changePassword, endAllSessions, purgeEndedSessions } from "@/lib/auth/sessions";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { callRoute, sessionCookieFor } from "../support/session";
import { DEMO_PASSWORD, signInThroughRoute, signOutThroughRoute } from "../support/sign-in";
import { backend } from "../support/test-database";

beforeAll(() => seedDemoData());

const USAGE = "/api/billing/usage?workspaceId=ws_acme&period=current";

function readUsage(cookie: string, headers: Record<string, string> = {}) {
  return callRoute(usage, USAGE, { headers: { cookie, ...headers } });
}

async function claimsOf(cookie: string) {
  const token = cookie.slice(cookie.indexOf("=") + 1);
  return sessionClaims(await rememberedDecode({ token, secret: env().authSecret }));
}

describe(`sessions end on the server on ${backend}`, () => {
  it("signing in through next-auth's credentials callback gives a session that reads billing data", async () => {
    const { response, sessionCookie } = await signInThroughRoute(ACCOUNTS.finance, DEMO_PASSWORD, { fields: { json: "true" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: "http://localhost:3000/workspaces" });
    expect((await readUsage(sessionCookie!)).status).toBe(200);
  });

  it("after sign-out the old cookie is refused everywhere (401), while another session of the user goes on", async () => {
    const { sessionCookie: laptop } = await signInThroughRoute(ACCOUNTS.admin);
    const { sessionCookie: phone } = await signInThroughRoute(ACCOUNTS.admin);
    expect((await readUsage(laptop!)).status).toBe(200);

    const signOut = await signOutThroughRoute(laptop!);
    expect(signOut.status).toBe(200);
    expect(await signOut.json()).toEqual({ url: "http://localhost:3000/signin" });
    expect(signOut.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token=;"))).toBe(true);

    const refused = await readUsage(laptop!);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
    expect((await callRoute(workspaces, "/api/workspaces", { headers: { cookie: laptop! } })).status).toBe(401);
    expect(await findSessionActor((await claimsOf(laptop!))!)).toBeNull();
    // next-auth's own session endpoint agrees, and will not re-issue the token.
    const session = await callRoute(authRoute.GET, "/api/auth/session", { headers: { cookie: laptop! } });
    expect(await session.json()).toEqual({});
    expect(session.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token=;"))).toBe(true);

    expect((await readUsage(phone!)).status).toBe(200);
  });

  it("a sign-out without the csrf token is refused (403) and ends nothing", async () => {
    const { sessionCookie } = await signInThroughRoute(ACCOUNTS.finance);
    const response = await callRoute(authRoute.POST, "/api/auth/signout", {
      method: "POST",
      headers: { cookie: sessionCookie!, "content-type": "application/x-www-form-urlencoded" },
      body: "json=true",
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "forbidden", message: expect.stringContaining("csrfToken") } });
    expect((await readUsage(sessionCookie!)).status).toBe(200);
  });

  it("a session token sent as a bearer token is refused: only the cookie counts", async () => {
    const cookie = await sessionCookieFor(ACCOUNTS.admin);
    const token = cookie.slice(cookie.indexOf("=") + 1);
    const response = await callRoute(usage, USAGE, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect((await readUsage(cookie)).status).toBe(200);
  });

  it("a changed password ends every session of the user at once; the new password signs in", async () => {
    const email = ACCOUNTS.initechOwner;
    const first = await sessionCookieFor(email);
    const { sessionCookie: second } = await signInThroughRoute(email);
    const user = await systemDb().user.findUniqueOrThrow({ where: { email } });
    await changePassword(user.id, "a-new-long-password");

    for (const cookie of [first, second!]) {
      expect((await callRoute(workspaces, "/api/workspaces", { headers: { cookie } })).status).toBe(401);
    }
    expect((await signInThroughRoute(email)).response.status).toBe(302);
    expect((await signInThroughRoute(email)).sessionCookie).toBeNull();
    const again = await signInThroughRoute(email, "a-new-long-password");
    expect((await callRoute(workspaces, "/api/workspaces", { headers: { cookie: again.sessionCookie! } })).status).toBe(200);
    await expect(changePassword(user.id, "short")).rejects.toThrow();
  });

  it("signing out everywhere ends every session; a removed user's sessions end with them", async () => {
    const member = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.member } });
    const cookie = await sessionCookieFor(ACCOUNTS.member);
    expect((await callRoute(workspaces, "/api/workspaces", { headers: { cookie } })).status).toBe(200);
    await endAllSessions(member.id);
    expect((await callRoute(workspaces, "/api/workspaces", { headers: { cookie } })).status).toBe(401);

    const removed = await systemDb().user.create({ data: { email: "leaver@example.com", name: "Leaver", passwordHash: "x" } });
    const leaver = await sessionCookieFor(removed.email);
    expect((await callRoute(workspaces, "/api/workspaces", { headers: { cookie: leaver } })).status).toBe(200);
    await systemDb().user.delete({ where: { id: removed.id } });
    expect((await callRoute(workspaces, "/api/workspaces", { headers: { cookie: leaver } })).status).toBe(401);
  });

  it("a token without a session version and id (issued before sessions were checked) is refused", async () => {
    const admin = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.admin } });
    const token = await encode({ token: { sub: admin.id, email: admin.email }, secret: env().authSecret });
    expect((await readUsage(`next-auth.session-token=${token}`)).status).toBe(401);
  });

  it("revocations are purged once their token would have expired", async () => {
    const { sessionCookie } = await signInThroughRoute(ACCOUNTS.support);
    await signOutThroughRoute(sessionCookie!);
    const claims = (await claimsOf(sessionCookie!))!;
    expect(await purgeEndedSessions(new Date())).toBe(0);
    expect(await purgeEndedSessions(new Date((claims.expiresAt + 1) * 1000))).toBeGreaterThanOrEqual(1);
  });
});
