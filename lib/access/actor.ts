// The signed-in user behind a request, read fresh from the database (never trusted from the token).
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { authOptions } from "@/lib/auth/options";
import { rememberedDecode } from "@/lib/auth/session-token";
import { database, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { StaffRole } from "@/lib/db/generated/enums";

export interface Actor {
  id: string;
  email: string;
  name: string;
  staffRole: StaffRole | null;
  /** The access revision read with the actor: cached access lookups older than it are not used. */
  accessRevision: string;
}

export async function findActor(userId: string): Promise<Actor | null> {
  // Every request asks: the hot path, not a Prisma model query (see Database.query).
  const [actor] = await database().query<Actor>(Prisma.sql`
    SELECT id, email, name, "staffRole"::text AS "staffRole", (SELECT revision::text FROM "AccessRevision") AS "accessRevision"
      FROM "User" WHERE id = ${userId}`);
  return actor ?? null;
}

/** For server components and pages. */
export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  return userId ? findActor(userId) : null;
}

/** For route handlers: reads the same session token from the request itself. */
export async function requireActor(request: Request): Promise<Actor> {
  const req = request instanceof NextRequest ? request : new NextRequest(request);
  const token = await getToken({ req, secret: env().authSecret, decode: rememberedDecode });
  const actor = token?.sub ? await findActor(token.sub) : null;
  if (!actor) throw new ApiError("unauthenticated", "Sign in to use this endpoint.");
  return actor;
}
