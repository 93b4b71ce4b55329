import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user?: { id?: string; name?: string | null; email?: string | null; image?: string | null };
  }
  interface User {
    /** The user's session version at sign-in (lib/auth/session-claims.ts). */
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The user's session version when the token was issued. */
    sv?: number;
    /** This session's id: stays the same when next-auth re-issues the token. */
    sid?: string;
  }
}
