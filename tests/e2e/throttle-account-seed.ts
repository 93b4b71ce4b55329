// One more account in the main end-to-end database, only for the sign-in throttle test: locking
// a demo account would refuse the other tests that sign in with it at the same time.
// Run by scripts/e2e.ts after db:seed, with that database's environment.
import { db } from "@/lib/db";
import { ensureDemoAccount } from "@/lib/demo/seed-demo";
import { runCli } from "../../scripts/run-cli";
import { THROTTLED_ACCOUNT } from "./throttle-account";

async function main() {
  await ensureDemoAccount(db(), { email: THROTTLED_ACCOUNT, name: "Tess Throttled" });
  console.log(`  ${THROTTLED_ACCOUNT}: no workspaces, for the sign-in throttle test`);
}

runCli(main);
