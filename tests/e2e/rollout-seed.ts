// One more workspace in the many-workspaces end-to-end database, deny-listed for the billing
// dashboard, with an ADMIN of only that workspace: tests/e2e/rollout.spec.ts. Kept out of the
// main database, where support sees exactly the demo workspaces and every demo workspace is live.
// Run by scripts/e2e.ts after the many-workspaces seed, with that database's environment.
import { db } from "@/lib/db";
import { ensureDemoAccount } from "@/lib/demo/seed-demo";
import { changeFlag } from "@/lib/rollout/change-flag";
import { runCli } from "../../scripts/run-cli";
import { HIDDEN } from "./rollout-data";

async function main() {
  const prisma = db();
  const user = await ensureDemoAccount(prisma, { email: HIDDEN.admin, name: "Rollie Hidden" });
  await prisma.workspace.upsert({
    where: { id: HIDDEN.id },
    create: { id: HIDDEN.id, slug: HIDDEN.slug, name: HIDDEN.name, timeZone: "UTC", currency: "USD" },
    update: {},
  });
  await prisma.membership.createMany({ data: [{ userId: user.id, workspaceId: HIDDEN.id, role: "ADMIN" }], skipDuplicates: true });
  await changeFlag("billing-dashboard", { kind: "deny", workspaces: [HIDDEN.id] }, { operator: "os:e2e-seed@localhost" });
  console.log(`  ${HIDDEN.admin}: ADMIN of ${HIDDEN.slug}, deny-listed for billing-dashboard`);
}

runCli(main);
