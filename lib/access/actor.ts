// The signed-in user behind a request, read fresh from the database (never trusted from the token).
import { getServerSession } from "next-auth";
import { ApiError } from "@/lib/api/errors";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";
import type { StaffRole } from "@/lib/db/generated/enums";

export interface Actor {
  id: string;
  email: string;
  name: string;
  staffRole: StaffRole | null;
}

export async function findActor(userId: string): Promise<Actor | null> {
  return db().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, staffRole: true },
  });
}

export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  return userId ? findActor(userId) : null;
}

export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new ApiError("unauthenticated", "Sign in to use this endpoint.");
  return actor;
}
