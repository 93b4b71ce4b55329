// Trial: CPU per call of the queries every API request makes, as Prisma model queries and as the
// raw SQL the app now uses (docs/performance.md, "the hot path without Prisma model queries").
// Needs the bench database (npm run bench:api seeds it):
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/billing_bench_api npx tsx bench/trials/hot-path-queries.ts
import { findActor } from "@/lib/access/actor";
import { requireWorkspacePermission } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { closeDatabase, db } from "@/lib/db";

const CALLS = 2000;

async function measure(label: string, call: () => Promise<unknown>, calls = CALLS) {
  for (let i = 0; i < 200; i++) await call();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(cpu);
  console.log(
    `${label.padEnd(58)} ${((used.user + used.system) / calls).toFixed(0).padStart(5)} µs CPU  ${(((performance.now() - start) * 1000) / calls).toFixed(0).padStart(5)} µs wall`,
  );
}

const user = await db().user.findUniqueOrThrow({ where: { email: "bench-admin@example.com" } });
const actor = (await findActor(user.id))!;
const access = await requireWorkspacePermission(actor, ["bench_ws_0000"], "usage:view");
const context = { requestId: "trial-hot-path-0001", clientRequestId: null, ip: null, userAgent: null };
const audit = {
  actorId: actor.id,
  actorEmail: actor.email,
  workspaceId: "bench_ws_0000",
  workspaceIds: ["bench_ws_0000"],
  action: "billing.usage.viewed",
  requestId: context.requestId,
};

await measure("actor: Prisma user.findUnique", () =>
  db().user.findUnique({ where: { id: user.id }, select: { id: true, email: true, name: true, staffRole: true } }),
);
await measure("actor: findActor (raw, as the app does)", () => findActor(user.id));
await measure("grants: Prisma membership.findMany include workspace", () =>
  db().membership.findMany({ where: { userId: actor.id, workspace: { id: { in: ["bench_ws_0000"] } } }, include: { workspace: true } }),
);
await measure("grants: requireWorkspacePermission (raw, as the app does)", () =>
  requireWorkspacePermission(actor, ["bench_ws_0000"], "usage:view"),
);
await measure("audit: Prisma auditEvent.createMany", () => db().auditEvent.createMany({ data: [audit] }), 500);
await measure(
  "audit: auditRequest (raw, as the app does)",
  () => auditRequest(access, "billing.usage.viewed", { query: "trial" }, context),
  500,
);
await measure(
  "a small $queryRaw (the version stamp)",
  () =>
    db()
      .$queryRaw`SELECT count(*) AS n, coalesce(sum(version), 0)::text AS total FROM "UsageVersion" WHERE "workspaceId" = ANY(${["bench_ws_0000"]}::text[])`,
);
console.log("(the audit rows written by this trial carry the request id trial-hot-path-0001)");
await closeDatabase();
