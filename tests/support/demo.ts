// The demo tenants and accounts, seeded once per test file: the role matrix tests run on them.
import { findActor, type Actor } from "@/lib/access/actor";
import { systemDb } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed-demo";

export const ACCOUNTS = {
  admin: "admin@example.com",
  finance: "finance@example.com",
  member: "member@example.com",
  support: "support@example.com",
  initechOwner: "owner@initech.example.com",
} as const;
export type AccountName = keyof typeof ACCOUNTS;

export const WORKSPACE_IDS = { acme: "ws_acme", globex: "ws_globex", initech: "ws_initech" } as const;

export async function seedDemoData(now = new Date("2026-11-22T12:00:00Z")): Promise<void> {
  await seedDemo(systemDb(), { now });
}

/** The actor as a request would see it now (findActor, with the current access revision). */
export async function actorFor(email: string): Promise<Actor> {
  const { id } = await systemDb().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return (await findActor(id))!;
}
