// What a session token must carry to be checked on the server: whose it is, the user's session
// version when it was issued, and its own id. Tokens without them (older ones) are refused.
import "server-only";
import { randomUUID } from "node:crypto";
import type { JWT } from "next-auth/jwt";
import { z } from "zod";

export interface SessionClaims {
  userId: string;
  sessionVersion: number;
  sessionId: string;
  /** When the token expires (seconds since the epoch). */
  expiresAt: number;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(64),
  sv: z.number().int().min(1),
  sid: z.uuid(),
  exp: z.number(),
});

export function sessionClaims(token: JWT | null | undefined): SessionClaims | null {
  const parsed = claimsSchema.safeParse(token);
  if (!parsed.success) return null;
  const { sub, sv, sid, exp } = parsed.data;
  return { userId: sub, sessionVersion: sv, sessionId: sid, expiresAt: exp };
}

/** The claims added to a new session's token at sign-in. */
export function newSessionClaims(user: { id: string; sessionVersion: number }): Pick<JWT, "sub" | "sv" | "sid"> {
  return { sub: user.id, sv: user.sessionVersion, sid: randomUUID() };
}
