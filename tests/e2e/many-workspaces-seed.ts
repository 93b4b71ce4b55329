// A second end-to-end database for tests/e2e/many-workspaces.spec.ts: the demo data plus one
// account in many workspaces, enough for the switcher (> 20) and the dashboard's picker (> 50)
// to search the API instead of listing everything. Kept apart from the main end-to-end database so
// the demo accounts (support sees every workspace) see exactly the demo workspaces there.
// Run by scripts/e2e.ts after db:seed, with that database's environment.
import { db } from "@/lib/db";
import { ensureDemoAccount } from "@/lib/demo/seed-demo";
import { runCli } from "../../scripts/run-cli";
import { MANY_WORKSPACES } from "./many-workspaces-data";

async function main() {
  const prisma = db();
  const user = await ensureDemoAccount(prisma, { email: MANY_WORKSPACES.email, name: MANY_WORKSPACES.name });
  await prisma.workspace.createMany({
    data: MANY_WORKSPACES.workspaces.map(({ slug, name }) => ({
      id: `ws_${slug}`,
      slug,
      name,
      timeZone: "Europe/Lisbon",
      currency: "EUR",
    })),
    skipDuplicates: true,
  });
  const acme = await prisma.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
  await prisma.membership.createMany({
    data: [
      { userId: user.id, workspaceId: acme.id, role: "ADMIN" as const },
      ...MANY_WORKSPACES.workspaces.map(({ slug, role }) => ({ userId: user.id, workspaceId: `ws_${slug}`, role })),
    ],
    skipDuplicates: true,
  });
  console.log(`  ${MANY_WORKSPACES.email}: ADMIN of acme and member of ${MANY_WORKSPACES.workspaces.length} more workspaces`);
}

runCli(main);
