// Ending sessions on the server. A token is current while its user exists, its session version
// is the user's, and its session id was not signed out
// (docs/decisions/0048-sessions-end-on-server.md).
import "server-only";
import { z } from "zod";
import { database, db, Prisma } from "@/lib/db";
import { hashPassword } from "./password";
import type { SessionClaims } from "./session-claims";

/** The condition, on `"User" u`, that the session is still current (used in the actor query). */
export function sessionIsCurrentSql(claims: SessionClaims): Prisma.Sql {
  return Prisma.sql`u.id = ${claims.userId} AND u."sessionVersion" = ${claims.sessionVersion}
    AND NOT EXISTS (SELECT 1 FROM "RevokedSession" r WHERE r.id = ${claims.sessionId})`;
}

export async function sessionIsCurrent(claims: SessionClaims): Promise<boolean> {
  const rows = await database().query(Prisma.sql`SELECT 1 FROM "User" u WHERE ${sessionIsCurrentSql(claims)}`);
  return rows.length > 0;
}

/** Sign-out: this session only, remembered until its token would have expired anyway. */
export async function endSession(claims: SessionClaims): Promise<void> {
  await database().execute(Prisma.sql`
    INSERT INTO "RevokedSession" (id, "userId", "expiresAt")
    SELECT ${claims.sessionId}, id, to_timestamp(${claims.expiresAt}::double precision) FROM "User" WHERE id = ${claims.userId}
    ON CONFLICT (id) DO NOTHING`);
}

/** Every session of the user, on every device (also what a password change does). */
export async function endAllSessions(userId: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

const newPasswordSchema = z.string().min(12, "must be at least 12 characters").max(1024);

export async function changePassword(userId: string, newPassword: string): Promise<void> {
  const passwordHash = await hashPassword(newPasswordSchema.parse(newPassword));
  await db().user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
}

/** Revocations whose tokens have expired protect nothing any more. */
export async function purgeEndedSessions(now = new Date()): Promise<number> {
  return database().execute(Prisma.sql`DELETE FROM "RevokedSession" WHERE "expiresAt" < ${now}`);
}
