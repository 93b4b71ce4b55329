// One more account in the main end-to-end database, only for the sign-in throttle test: locking
// a demo account would refuse the other tests that sign in with it at the same time.
// Run by scripts/e2e.ts after db:seed, with that database's environment.
import { hashPassword } from "@/lib/auth/password";
import { closeDatabase, db } from "@/lib/db";
import { DEMO_PASSWORD } from "@/lib/demo/demo-data";
import { THROTTLED_ACCOUNT } from "./throttle-account";

async function main() {
  await db().user.upsert({
    where: { email: THROTTLED_ACCOUNT },
    create: { email: THROTTLED_ACCOUNT, name: "Tess Throttled", passwordHash: await hashPassword(DEMO_PASSWORD) },
    update: {},
  });
  console.log(`  ${THROTTLED_ACCOUNT}: no workspaces, for the sign-in throttle test`);
  await closeDatabase();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
