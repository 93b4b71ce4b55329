// The signed-in user behind a request, read fresh from the database (never trusted from the
// token), and only while the session is current: not signed out, issued under the user's present
// session version (lib/auth/sessions.ts). The same query answers both.
import "server-only";
import { cookies } from "next/headers";
import { NextRequest } from "next/server";
import { ApiError } from "@/lib/errors/api-error";
import { noteActor } from "@/lib/observability/request-log";
import type { SessionClaims } from "@/lib/auth/session-claims";
import { sessionFromCookies } from "@/lib/auth/session-token";
import { sessionIsCurrentSql } from "@/lib/auth/sessions";
import { database, Prisma } from "@/lib/db";
import type { StaffRole } from "@/lib/db/generated/enums";

export interface Actor {
  id: string;
  email: string;
  name: string;
  staffRole: StaffRole | null;
  /** The access revision read with the actor: cached access lookups older than it are not used. */
  accessRevision: string;
}

const ACTOR_COLUMNS = Prisma.sql`u.id, u.email, u.name, u."staffRole"::text AS "staffRole",
  (SELECT revision::text FROM "AccessRevision") AS "accessRevision"`;

/** The user by id, with no session check: for scripts and tests, never for a request. */
export async function findActor(userId: string): Promise<Actor | null> {
  const [actor] = await database().query<Actor>(Prisma.sql`SELECT ${ACTOR_COLUMNS} FROM "User" u WHERE u.id = ${userId}`);
  return actor ?? null;
}

/** The session's user, or null once the session has ended. Every request asks (hot-path SQL). */
export async function findSessionActor(session: SessionClaims): Promise<Actor | null> {
  const [actor] = await database().query<Actor>(Prisma.sql`SELECT ${ACTOR_COLUMNS} FROM "User" u WHERE ${sessionIsCurrentSql(session)}`, {
    prepared: true,
  });
  return actor ?? null;
}

/** For server components and pages: the session cookie of the page's request. */
export async function currentActor(): Promise<Actor | null> {
  const session = await sessionFromCookies(await cookies());
  return session ? findSessionActor(session) : null;
}

/** For route handlers: the session cookie of the request itself (never a bearer token). */
export async function requireActor(request: Request): Promise<Actor> {
  // Only the cookies: a NextRequest built from the request itself would take over its body, and a
  // route that reads a JSON body after this would find it already used.
  const req = request instanceof NextRequest ? request : new NextRequest(request.url, { headers: request.headers });
  const session = await sessionFromCookies(req.cookies);
  const actor = session ? await findSessionActor(session) : null;
  if (!actor) throw new ApiError("unauthenticated", "Sign in to use this endpoint.");
  noteActor(actor.id);
  return actor;
}
