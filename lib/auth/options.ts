// next-auth 4: email + password credentials, JWT sessions. Roles are not put in the token:
// the access helper reads them from the database on every request, so revoking is immediate.
// Built per request (lib/auth/auth-route.ts), which hands in what sign-in and sign-out do.
import "server-only";
import { componentLogger } from "@/lib/observability/logger";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { safeCallbackOn } from "./safe-callback";
import { newSessionClaims, sessionClaims, type SessionClaims } from "./session-claims";
import { sessionIsCurrent } from "./sessions";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export interface AuthHooks {
  /** Checks the credentials (throttled, audited); null refuses them. */
  authorize(credentials: unknown): Promise<(User & { id: string; sessionVersion: number }) | null>;
  /** Ends the session on the server when its browser signs out. */
  signedOut(session: SessionClaims | null): Promise<void>;
}

/** An ended session asking /api/auth/session: an expected answer, not an error worth logging. */
class SessionEndedError extends Error {
  override name = "SessionEndedError";
}

export function authOptions(hooks: AuthHooks): NextAuthOptions {
  return {
    secret: env().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: (credentials) => hooks.authorize(credentials),
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) return { ...token, ...newSessionClaims({ id: user.id, sessionVersion: user.sessionVersion ?? 0 }) };
        // /api/auth/session re-issues the token: never for a session that has ended (next-auth
        // then answers "no session" and clears the cookie).
        const claims = sessionClaims(token);
        if (!claims || !(await sessionIsCurrent(claims))) throw new SessionEndedError("The session has ended.");
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
      // next-auth's default throws on a callbackUrl that is not a URL ("Invalid URL", a 500).
      redirect: ({ url, baseUrl }) => `${baseUrl}${safeCallbackOn(url, baseUrl)}`,
    },
    logger: {
      error(code, metadata) {
        if (metadata instanceof SessionEndedError) return;
        // As an object, not a string: the logger's redaction then reaches any token inside it.
        componentLogger("next-auth").error(metadata instanceof Error ? { code, err: metadata } : { code, metadata }, "next-auth error");
      },
      warn: (code) => componentLogger("next-auth").warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    events: {
      signOut: ({ token }) => hooks.signedOut(sessionClaims(token)),
    },
  };
}
