// The billing-dashboard flag (docs/rollout.md): every flag state × every role on every billing
// endpoint. Visible means the answer the role gets with no flag at all (the role matrix: 200, or
// 403 for a role without the permission); hidden means 404 for the workspace's own users whatever
// their role. Staff always get the usual answer, outsiders the usual 403/404, signed out 401.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { PATCH as triage } from "@/app/api/billing/anomalies/[id]/route";
import { GET as anomalies } from "@/app/api/billing/anomalies/route";
import { GET as getBudget, PUT as putBudget } from "@/app/api/billing/budget/route";
import { GET as download } from "@/app/api/billing/exports/[id]/download/route";
import { GET as exportsList } from "@/app/api/billing/exports/route";
import { GET as prices } from "@/app/api/billing/prices/route";
import { GET as projection } from "@/app/api/billing/projection/route";
import { GET as usageExport } from "@/app/api/billing/usage/export/route";
import { GET as usage } from "@/app/api/billing/usage/route";
import { GET as workspaces } from "@/app/api/workspaces/route";
import { GET as auditEvents } from "@/app/api/audit-events/route";
import { AccessRefused, checkAccess, listVisibleWithBilling } from "@/lib/access/check-access";
import { withWorkspace } from "@/lib/api/route";
import { systemDb } from "@/lib/db";
import { changeFlag, FlagRefused, type Attribution, type FlagChange } from "@/lib/rollout/change-flag";
import { flagsCommand } from "@/lib/rollout/flags-command";
import { cohortBucket } from "@/lib/rollout/flags";
import { ACCOUNTS, actorFor, seedDemoData, WORKSPACE_IDS, type AccountName } from "../support/demo";
import { isAllowed } from "../support/role-matrix";
import { callRoute, type CallOptions } from "../support/session";
import { backend } from "../support/test-database";

const FLAG = "billing-dashboard";
const ACME = WORKSPACE_IDS.acme;
const OPS: Attribution = { operator: "os:rollout-test@localhost" };
const json = { "content-type": "application/json" };

type Handler = Parameters<typeof callRoute>[0];
interface Endpoint {
  name: string;
  handler: Handler;
  path: string;
  options?: CallOptions;
  params?: Record<string, string>;
}

let endpoints: Endpoint[] = [];

async function setUp() {
  await seedDemoData();
  const exportId = (await callRoute(usageExport, `/api/billing/usage/export?workspaceId=${ACME}`, { as: ACCOUNTS.admin })).headers.get(
    "x-export-id",
  )!;
  const flag = await systemDb().anomalyFlag.findFirstOrThrow({ where: { workspaceId: ACME } });
  const q = `workspaceId=${ACME}`;
  endpoints = [
    { name: "usage", handler: usage, path: `/api/billing/usage?${q}` },
    { name: "usage export", handler: usageExport, path: `/api/billing/usage/export?${q}` },
    { name: "projection", handler: projection, path: `/api/billing/projection?${q}` },
    { name: "prices", handler: prices, path: `/api/billing/prices?${q}` },
    { name: "exports", handler: exportsList, path: `/api/billing/exports?${q}` },
    { name: "export download", handler: download, path: `/api/billing/exports/${exportId}/download`, params: { id: exportId } },
    { name: "anomalies", handler: anomalies, path: `/api/billing/anomalies?${q}` },
    // Refused bodies (400) once access is granted: the answer is stable and nothing changes.
    {
      name: "anomaly triage",
      handler: triage,
      path: `/api/billing/anomalies/${flag.id}`,
      params: { id: flag.id },
      options: { method: "PATCH", headers: json, body: "{}" },
    },
    { name: "budget", handler: getBudget, path: `/api/billing/budget?${q}` },
    { name: "budget set", handler: putBudget, path: `/api/billing/budget?${q}`, options: { method: "PUT", headers: json, body: "{}" } },
  ];
}

async function statusOf(endpoint: Endpoint, as: string | null): Promise<number> {
  const response = await callRoute(endpoint.handler, endpoint.path, { ...endpoint.options, as }, endpoint.params);
  if (response.status === 404) {
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  } else {
    await response.arrayBuffer();
  }
  return response.status;
}

async function outcomes(): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (const endpoint of endpoints) {
    for (const account of Object.keys(ACCOUNTS) as AccountName[])
      seen[`${endpoint.name} as ${account}`] = await statusOf(endpoint, ACCOUNTS[account]);
    seen[`${endpoint.name} signed out`] = await statusOf(endpoint, null);
  }
  return seen;
}

async function setFlag(...changes: FlagChange[]) {
  await systemDb().featureFlag.deleteMany({});
  for (const change of changes) await changeFlag(FLAG, change, OPS);
}

const MEMBERS_OF_ACME: AccountName[] = ["admin", "finance", "member"];

let usual: Record<string, number>;

beforeAll(async () => {
  await setUp();
  usual = await outcomes();
});

describe(`the billing-dashboard flag on ${backend}`, () => {
  it("with no flag row the endpoints answer as the role matrix says (the product is live)", () => {
    for (const endpoint of endpoints) {
      const permission = {
        usage: "usage:view",
        "usage export": "usage:export",
        projection: "usage:view",
        prices: "usage:view",
        exports: "usage:export",
        "export download": "usage:export",
        anomalies: "anomalies:view",
        "anomaly triage": "anomalies:triage",
        budget: "anomalies:view",
        "budget set": "budget:set",
      }[endpoint.name] as Parameters<typeof isAllowed>[2];
      const allowedStatus = endpoint.options?.body ? 400 : 200;
      const byId = Boolean(endpoint.params);
      for (const account of Object.keys(ACCOUNTS) as AccountName[]) {
        const member = account === "support" || MEMBERS_OF_ACME.includes(account);
        const expected = isAllowed(account, "acme", permission) ? allowedStatus : byId && !member ? 404 : 403;
        expect(`${endpoint.name} as ${account}: ${usual[`${endpoint.name} as ${account}`]}`).toBe(
          `${endpoint.name} as ${account}: ${expected}`,
        );
      }
      expect(usual[`${endpoint.name} signed out`]).toBe(401);
    }
  });

  const bucket = cohortBucket(FLAG, ACME);
  const states: { name: string; changes: FlagChange[]; visible: boolean }[] = [
    { name: "on", changes: [{ kind: "set", mode: "on" }], visible: true },
    { name: "off", changes: [{ kind: "set", mode: "off" }], visible: false },
    { name: "internal", changes: [{ kind: "set", mode: "internal" }], visible: false },
    { name: "cohort, acme inside", changes: [{ kind: "set", mode: "cohort", percentage: bucket + 1 }], visible: true },
    { name: "cohort, acme outside", changes: [{ kind: "set", mode: "cohort", percentage: bucket }], visible: false },
    {
      name: "off, acme allow-listed",
      changes: [
        { kind: "set", mode: "off" },
        { kind: "allow", workspaces: ["acme"] },
      ],
      visible: true,
    },
    {
      name: "on, acme deny-listed",
      changes: [
        { kind: "set", mode: "on" },
        { kind: "deny", workspaces: [ACME] },
      ],
      visible: false,
    },
    {
      name: "cohort 100, acme deny-listed",
      changes: [
        { kind: "set", mode: "cohort", percentage: 100 },
        { kind: "deny", workspaces: ["acme"] },
      ],
      visible: false,
    },
  ];

  for (const state of states) {
    it(`${state.name}: ${state.visible ? "the usual answers" : "404 for acme's users, the usual answers for staff and outsiders"}`, async () => {
      await setFlag(...state.changes);
      const expected = Object.fromEntries(
        Object.entries(usual).map(([key, status]) => {
          const hidden = !state.visible && MEMBERS_OF_ACME.some((account) => key.endsWith(` as ${account}`));
          return [key, hidden ? 404 : status];
        }),
      );
      expect(await outcomes()).toEqual(expected);
    });
  }
});

const scopeOf = withWorkspace({ feature: FLAG, permission: "usage:view" }, async ({ access }) => Response.json(access.scope.workspaceIds));
const scope = async (query: string, as: string) => {
  const response = await callRoute(scopeOf, `/x?workspaceId=${query}`, { as });
  return { status: response.status, body: await response.json() };
};

describe(`several workspaces at once, and what stays ungated, on ${backend}`, () => {
  beforeAll(() => setFlag({ kind: "set", mode: "on" }, { kind: "deny", workspaces: ["acme"] }));

  it("a list naming a hidden workspace is 404; one the actor does not belong to stays the usual 403", async () => {
    expect(await scope(`${WORKSPACE_IDS.globex},${ACME}`, ACCOUNTS.admin)).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: `No workspace ${ACME}.` } },
    });
    expect((await scope(ACME, ACCOUNTS.initechOwner)).status).toBe(403);
    expect((await scope("ws_does_not_exist", ACCOUNTS.initechOwner)).status).toBe(403);
    expect(await scope(`${ACME},${WORKSPACE_IDS.globex}`, ACCOUNTS.support)).toEqual({ status: 200, body: [ACME, WORKSPACE_IDS.globex] });
  });

  it("workspaceId=all leaves hidden workspaces out, 403 when none remain; staff keep all of them", async () => {
    expect(await scope("all", ACCOUNTS.admin)).toEqual({ status: 200, body: [WORKSPACE_IDS.globex] });
    expect((await scope("all", ACCOUNTS.finance)).status).toBe(403);
    expect((await scope("all", ACCOUNTS.support)).body).toHaveLength(3);
  });

  it("keys the narrowed scope by value: the same key while flag and access hold, a new one once the flag changes", async () => {
    const all = async () =>
      (await checkAccess({ actor: await actorFor(ACCOUNTS.admin), workspaces: "all", permission: "usage:view", feature: FLAG })).scope;
    const first = await all();
    const second = await all();
    expect(first.workspaceIds).toEqual([WORKSPACE_IDS.globex]);
    expect(second.key).toBe(first.key);
    await setFlag({ kind: "set", mode: "on" });
    const after = await all();
    expect(after.workspaceIds).toEqual([ACME, WORKSPACE_IDS.globex]);
    expect(after.key).not.toBe(first.key);
    await setFlag({ kind: "set", mode: "on" }, { kind: "deny", workspaces: ["acme"] });
  });

  it("the workspace list and the audit log are not part of the billing dashboard: listed, saying whether it is released", async () => {
    const listed = await (await callRoute(workspaces, "/api/workspaces", { as: ACCOUNTS.admin })).json();
    expect(listed.workspaces.map((w: { id: string; billingDashboard: boolean }) => [w.id, w.billingDashboard])).toEqual([
      [ACME, false],
      [WORKSPACE_IDS.globex, true],
    ]);
    const asStaff = await (await callRoute(workspaces, "/api/workspaces", { as: ACCOUNTS.support })).json();
    expect(asStaff.workspaces.every((w: { billingDashboard: boolean }) => w.billingDashboard)).toBe(true);
    expect((await callRoute(auditEvents, `/api/audit-events?workspaceId=${ACME}`, { as: ACCOUNTS.admin })).status).toBe(200);
  });

  it("a billing permission filter and the export history leave hidden workspaces out; other permissions keep them", async () => {
    const listed = async (permission: string) =>
      (
        (await (await callRoute(workspaces, `/api/workspaces?permission=${permission}`, { as: ACCOUNTS.admin })).json()) as {
          workspaces: { id: string }[];
        }
      ).workspaces.map((w) => w.id);
    expect(await listed("usage:export")).toEqual([WORKSPACE_IDS.globex]);
    expect(await listed("audit:view")).toEqual([ACME, WORKSPACE_IDS.globex]);

    // An export made of globex and acme while both were released is not listed once acme is hidden.
    const { id: adminId } = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.admin } });
    const both = await systemDb().billingUsageExport.create({
      data: {
        workspaceId: WORKSPACE_IDS.globex,
        workspaceIds: [WORKSPACE_IDS.globex, ACME],
        requestedById: adminId,
        periodStart: new Date("2026-11-01T00:00:00Z"),
        periodEnd: new Date("2026-11-30T00:00:00Z"),
        fileKey: `rollout-test-${randomUUID()}`,
      },
    });
    const history = async (as: string) =>
      (
        (await (await callRoute(exportsList, `/api/billing/exports?workspaceId=${WORKSPACE_IDS.globex}`, { as })).json()) as {
          exports: { id: string }[];
        }
      ).exports.map((e) => e.id);
    expect(await history(ACCOUNTS.admin)).not.toContain(both.id);
    await setFlag({ kind: "set", mode: "on" });
    expect(await history(ACCOUNTS.admin)).toContain(both.id);
    await setFlag({ kind: "set", mode: "on" }, { kind: "deny", workspaces: ["acme"] });
    await systemDb().billingUsageExport.delete({ where: { id: both.id } });
  });

  it("pages (by slug) learn why: hidden from its own members whatever their role, not a member, or the role", async () => {
    const bySlug = async (account: AccountName, slug: string, permission: "usage:view" | "audit:view" = "usage:view") => {
      const actor = await actorFor(ACCOUNTS[account]);
      const asked = permission === "usage:view" ? ({ permission, feature: FLAG } as const) : ({ permission } as const);
      return checkAccess({ actor, workspaces: { slug }, ...asked }).then(
        (access) => access.scope.workspaceIds,
        (error: unknown) => (error instanceof AccessRefused ? error.reason : error),
      );
    };
    expect(await bySlug("admin", "acme")).toBe("hidden");
    expect(await bySlug("member", "acme")).toBe("hidden");
    expect(await bySlug("member", "globex")).toBe("not-member");
    expect(await bySlug("initechOwner", "acme")).toBe("not-member");
    expect(await bySlug("support", "acme")).toEqual([ACME]);
    expect(await bySlug("admin", "acme", "audit:view")).toEqual([ACME]);
    expect(await bySlug("finance", "acme", "audit:view")).toBe("role");
  });

  it("lists (the shell, the workspace page) mark hidden workspaces and leave them out of what usage can be viewed for", async () => {
    const admin = await listVisibleWithBilling(await actorFor(ACCOUNTS.admin));
    expect(admin.grants.map((g) => g.workspace.id)).toEqual([ACME, WORKSPACE_IDS.globex]);
    expect([...admin.hidden]).toEqual([ACME]);
    expect(admin.usageViewable.map((g) => g.workspace.id)).toEqual([WORKSPACE_IDS.globex]);
    const member = await listVisibleWithBilling(await actorFor(ACCOUNTS.member));
    expect(member.usageViewable).toEqual([]);
    const support = await listVisibleWithBilling(await actorFor(ACCOUNTS.support));
    expect(support.hidden.size).toBe(0);
    expect(support.usageViewable).toHaveLength(3);
  });

  it("a change is seen on the next request (the access revision moves with it)", async () => {
    expect((await callRoute(usage, `/api/billing/usage?workspaceId=${ACME}`, { as: ACCOUNTS.admin })).status).toBe(404);
    await changeFlag(FLAG, { kind: "undeny", workspaces: ["acme"] }, OPS);
    expect((await callRoute(usage, `/api/billing/usage?workspaceId=${ACME}`, { as: ACCOUNTS.admin })).status).toBe(200);
  });
});

describe("the cohort hash", () => {
  it("puts a workspace in a fixed bucket, across processes and releases", () => {
    // Fixed values: if these change, workspaces move in or out of a running cohort.
    expect(cohortBucket(FLAG, "ws_acme")).toBe(46);
    expect(cohortBucket(FLAG, "ws_globex")).toBe(35);
    expect(cohortBucket(FLAG, "ws_initech")).toBe(71);
    // The key is hashed too, so two flags at 10 % do not pick the same workspaces.
    const ids = Array.from({ length: 1000 }, (_, i) => `ws_${i}`);
    const both = ids.filter((id) => cohortBucket(FLAG, id) < 10 && cohortBucket("another-flag", id) < 10).length;
    expect(both).toBeLessThan(30);
  });

  it("spreads workspaces evenly: about p % of 20,000 ids fall below p", () => {
    const buckets = Array.from({ length: 20_000 }, (_, i) => cohortBucket(FLAG, `ws_${i.toString(36)}_${i * 7919}`));
    for (const p of [1, 10, 25, 50, 90]) {
      const share = buckets.filter((b) => b < p).length / buckets.length;
      expect(Math.abs(share - p / 100)).toBeLessThan(0.01);
    }
    const counts = new Array(100).fill(0);
    for (const b of buckets) counts[b]++;
    expect(Math.min(...counts)).toBeGreaterThan(140);
    expect(Math.max(...counts)).toBeLessThan(260);
  });
});

describe(`npm run flags on ${backend}`, () => {
  const audited = () => systemDb().auditEvent.findMany({ where: { action: "rollout.flag.changed" }, orderBy: { occurredAt: "asc" } });

  it("runs the issue's example verbatim, attributed to the operator, and audits the change with it", async () => {
    await systemDb().featureFlag.deleteMany({});
    const before = (await audited()).length;
    const printed = (await flagsCommand(["set", "billing-dashboard", "cohort", "10"], { BILLING_OPERATOR: "release-bot" })).join("\n");
    expect(printed).toContain("billing-dashboard: cohort 10%");
    expect(printed).toMatch(/by release-bot \(os:[^@]+@[^)]+\)/);
    const stored = await systemDb().featureFlag.findUniqueOrThrow({ where: { key: FLAG } });
    expect(stored).toMatchObject({ mode: "cohort", percentage: 10, allowIds: [], denyIds: [] });
    const rows = await audited();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      actorId: null,
      workspaceId: null,
      target: { flag: FLAG, change: "set" },
      metadata: {
        operator: expect.stringMatching(/^os:.+@.+$/),
        operatorLabel: "release-bot",
        before: { mode: "on", percentage: 0 },
        after: { mode: "cohort", percentage: 10, allowIds: [], denyIds: [] },
      },
    });
  });

  it("allow, deny and their removal take slugs or ids, store ids, and name the workspaces in the audit row", async () => {
    await flagsCommand(["allow", FLAG, "acme", "ws_globex", "--by", ACCOUNTS.support]);
    let stored = await systemDb().featureFlag.findUniqueOrThrow({ where: { key: FLAG } });
    expect(stored.allowIds).toEqual([ACME, WORKSPACE_IDS.globex]);
    const support = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.support } });
    expect((await audited()).at(-1)).toMatchObject({
      actorId: support.id,
      actorEmail: ACCOUNTS.support,
      workspaceId: ACME,
      workspaceIds: [ACME, WORKSPACE_IDS.globex],
      target: { flag: FLAG, change: "allow", workspaces: ["acme", "globex"] },
      metadata: { role: "SUPPORT" },
    });
    await flagsCommand(["deny", FLAG, "globex"], {});
    const unlabelled = (await audited()).at(-1)!;
    expect(unlabelled).toMatchObject({ actorId: null, metadata: { operator: expect.stringMatching(/^os:.+@.+$/) } });
    expect(unlabelled.metadata).not.toHaveProperty("operatorLabel");
    stored = await systemDb().featureFlag.findUniqueOrThrow({ where: { key: FLAG } });
    expect(stored).toMatchObject({ allowIds: [ACME], denyIds: [WORKSPACE_IDS.globex] });
    await flagsCommand(["allow", FLAG, "acme", "--remove"]);
    await flagsCommand(["undeny", FLAG, "globex"]);
    stored = await systemDb().featureFlag.findUniqueOrThrow({ where: { key: FLAG } });
    expect(stored).toMatchObject({ allowIds: [], denyIds: [] });
  });

  it("show prints the mode, the lists and how many workspaces' users see it", async () => {
    await flagsCommand(["set", FLAG, "off"]);
    await flagsCommand(["allow", FLAG, "initech"]);
    expect(await flagsCommand(["show"])).toEqual([
      "billing-dashboard: off",
      "  allow-list: initech (ws_initech)",
      "  deny-list: none",
      expect.stringMatching(/^ {2}visible to 1 of \d+ workspaces' users; staff see it in all of them$/),
    ]);
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const before = await systemDb().featureFlag.findUniqueOrThrow({ where: { key: FLAG } });
    const count = (await audited()).length;
    const refusals: [string[], RegExp][] = [
      [["set", FLAG, "maybe"], /mode must be one of off, internal, cohort, on/],
      [["set", FLAG, "cohort"], /cohort needs a whole percentage from 0 to 100/],
      [["set", FLAG, "cohort", "101"], /cohort needs a whole percentage/],
      [["set", FLAG, "cohort", "12.5"], /cohort needs a whole percentage/],
      [["set", FLAG, "on", "10"], /percentage goes only with cohort/],
      [["set", "dark-mode", "on"], /Unknown flag dark-mode/],
      [["allow", FLAG], /Name the workspaces/],
      [["allow", FLAG, "acme", "no-such-workspace"], /No workspace no-such-workspace/],
      [["set", FLAG, "on", "--by", ACCOUNTS.admin], /admin@example.com is not a staff account/],
      [["set", FLAG, "on", "--bogus"], /Unknown option/],
      [["launch", FLAG], /Unknown command launch/],
      [[], /Unknown command/],
    ];
    for (const [argv, message] of refusals) {
      const refused = await flagsCommand(argv).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused, argv.join(" ")).toBeInstanceOf(FlagRefused);
      expect((refused as Error).message).toMatch(message);
    }
    expect(await systemDb().featureFlag.findUniqueOrThrow({ where: { key: FLAG } })).toEqual(before);
    expect(await audited()).toHaveLength(count);
  });

  it("exits 2 on bad input, as a process", () => {
    const run = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/flags.ts", "set", FLAG, "maybe"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: "memory://" },
    });
    expect(run.stderr).toContain("Refused: The mode must be one of off, internal, cohort, on.");
    expect(run.status).toBe(2);
  }, 60_000);
});
