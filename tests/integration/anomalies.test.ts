import { beforeAll, describe, expect, it } from "vitest";
import { PATCH } from "@/app/api/billing/anomalies/[id]/route";
import { GET } from "@/app/api/billing/anomalies/route";
import { DELETE as deleteBudget, GET as getBudget, PUT as putBudget } from "@/app/api/billing/budget/route";
import { runFullPass, runIncrementalPass } from "@/lib/anomalies/anomaly-job";
import { anomaliesPageSchema, triagedAnomalySchema, type AnomalyView } from "@/lib/anomalies/anomaly-response";
import { budgetResponseSchema } from "@/lib/budget/budget-response";
import { periodCost } from "@/lib/budget/budget-standing";
import { checkBudget } from "@/lib/budget/check-budget";
import { detectWorkspace } from "@/lib/anomalies/detect-workspace";
import { errorBodySchema } from "@/lib/api/error-response";
import { systemDb } from "@/lib/db";
import { addDays, dayOfWeek } from "@/lib/periods/calendar-date";
import { ACCOUNTS, WORKSPACE_IDS, seedDemoData, type AccountName } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { expectRoleMatrix, isAllowed, type Slug } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

// A workspace of its own in UTC with steady weekly-seasonal history and blatant anomalies in
// the current period: a 10× spike, a drop to 5 %, three silent days in an area that reports daily.
const WS = "ws_anomaly_test";
const NOW = new Date("2026-11-25T12:00:00Z");
const LAST = "2026-11-24";
const SPIKE = "2026-11-10";
const DROP = "2026-11-14";
const GAP = ["2026-11-18", "2026-11-19", "2026-11-20"];
const base = (day: string) => 1000 * [0.6, 1, 1.05, 1.1, 1.02, 0.98, 0.55][dayOfWeek(day)]! * (1 + 0.01 * ((day.charCodeAt(9) * 7) % 5));

async function putDay(area: string, day: string, quantity: number, events = 24) {
  const data = {
    workspaceId: WS,
    productArea: area,
    usageDate: new Date(`${day}T00:00:00Z`),
    quantity: quantity.toFixed(3),
    unit: "u",
    sourceEventCount: events,
  };
  await systemDb().billingUsageDaily.upsert({
    where: { workspaceId_productArea_usageDate: { workspaceId: WS, productArea: area, usageDate: data.usageDate } },
    create: data,
    update: data,
  });
}

async function seedTestWorkspace() {
  await systemDb().workspace.create({
    data: { id: WS, slug: "anomaly-test", name: "Anomaly test", timeZone: "UTC", currency: "USD", billingAnchorDay: 1 },
  });
  const rows = [];
  for (let i = 0; i < 120; i++) {
    const day = addDays(LAST, -i);
    for (const area of ["compute", "bandwidth", "email"]) {
      if (area === "email" && GAP.includes(day)) continue;
      let quantity = base(day);
      if (area === "compute" && day === SPIKE) quantity *= 10;
      if (area === "bandwidth" && day === DROP) quantity *= 0.05;
      rows.push({
        workspaceId: WS,
        productArea: area,
        usageDate: new Date(`${day}T00:00:00Z`),
        quantity: quantity.toFixed(3),
        unit: "u",
        sourceEventCount: 24,
      });
    }
  }
  await systemDb().billingUsageDaily.createMany({ data: rows });
}

const flagsOf = (workspaceId: string) =>
  systemDb().anomalyFlag.findMany({ where: { workspaceId }, orderBy: [{ startDate: "asc" }, { kind: "asc" }], include: { changes: true } });

beforeAll(async () => {
  await seedDemoData(new Date());
  await seedTestWorkspace();
});

describe(`anomaly detection on ${backend}`, () => {
  it("flags a spike, a drop and a gap, once, with priced impact", async () => {
    await detectWorkspace(await systemDb().workspace.findUniqueOrThrow({ where: { id: WS } }), NOW);
    const flags = await flagsOf(WS);
    const spike = flags.find((f) => f.productArea === "compute" && f.kind === "spike");
    const drop = flags.find((f) => f.productArea === "bandwidth" && (f.kind === "drop" || f.kind === "level_shift"));
    const gap = flags.find((f) => f.productArea === "email" && f.kind === "gap");
    expect(spike?.startDate.toISOString().slice(0, 10)).toBe(SPIKE);
    expect(drop?.startDate.toISOString().slice(0, 10)).toBe(DROP);
    expect(gap && [gap.startDate, gap.endDate].map((d) => d.toISOString().slice(0, 10))).toEqual([GAP[0], GAP[2]]);
    expect(Number(spike!.observed)).toBeGreaterThan(5 * Number(spike!.expected));
    // No price book for this workspace: unpriced.
    expect(spike!.impactAmount).toBeNull();
    expect(spike!.changes).toEqual([expect.objectContaining({ fromStatus: null, toStatus: "open", actorId: null })]);
  });

  it("changes nothing when re-run on unchanged data (not even updatedAt)", async () => {
    const before = await flagsOf(WS);
    const outcome = await detectWorkspace(await systemDb().workspace.findUniqueOrThrow({ where: { id: WS } }), NOW);
    expect(outcome).toEqual({ created: 0, updated: 0, resolved: 0 });
    expect(await flagsOf(WS)).toEqual(before);
  });

  it("extends the flag of an anomaly that lasts, and resolves one late data removes", async () => {
    const ws = await systemDb().workspace.findUniqueOrThrow({ where: { id: WS } });
    const gapBefore = (await flagsOf(WS)).find((f) => f.kind === "gap")!;
    await systemDb().billingUsageDaily.delete({
      where: { workspaceId_productArea_usageDate: { workspaceId: WS, productArea: "email", usageDate: new Date("2026-11-21T00:00:00Z") } },
    });
    await detectWorkspace(ws, NOW);
    const extended = (await flagsOf(WS)).filter((f) => f.kind === "gap");
    expect(extended).toHaveLength(1);
    expect(extended[0]!.id).toBe(gapBefore.id);
    expect(extended[0]!.endDate.toISOString().slice(0, 10)).toBe("2026-11-21");

    for (const day of [...GAP, "2026-11-21"]) await putDay("email", day, base(day));
    await detectWorkspace(ws, NOW);
    const resolved = (await flagsOf(WS)).find((f) => f.id === gapBefore.id)!;
    expect(resolved.status).toBe("resolved");
    expect(resolved.changes.at(-1)).toMatchObject({ fromStatus: "open", toStatus: "resolved", note: "no longer anomalous", actorId: null });
    // The same days going silent again do not reopen a resolved flag's window.
  });

  it("the job re-examines only workspaces whose usage version or local day moved", async () => {
    const first = await runIncrementalPass({ now: NOW });
    expect(first.examined).toBeGreaterThanOrEqual(4);
    expect((await runIncrementalPass({ now: NOW })).examined).toBe(0);
    await systemDb().usageVersion.upsert({
      where: { workspaceId: WS },
      create: { workspaceId: WS, version: 7 },
      update: { version: { increment: 1 } },
    });
    expect((await runIncrementalPass({ now: NOW })).examined).toBe(1);
    const nextDay = new Date(NOW.getTime() + 24 * 3600_000);
    expect((await runIncrementalPass({ now: nextDay })).examined).toBe(first.examined);
    expect((await runFullPass({ now: nextDay })).examined).toBe(first.examined);
  });
});

async function makeFlag(workspaceId: string, severity: "low" | "medium" | "high" = "medium", createdAt = new Date()) {
  return systemDb().anomalyFlag.create({
    data: {
      workspaceId,
      productArea: "compute",
      kind: "spike",
      severity,
      startDate: new Date("2026-11-10T00:00:00Z"),
      endDate: new Date("2026-11-10T00:00:00Z"),
      expected: "100",
      observed: "1000",
      impactAmount: "12.5",
      currency: "USD",
      detectorVersion: "test",
      createdAt,
      updatedAt: createdAt,
    },
  });
}

const list = (query: string) => `/api/billing/anomalies?${query}`;

describe(`GET /api/billing/anomalies on ${backend}`, () => {
  beforeAll(async () => {
    for (const [i, id] of [WORKSPACE_IDS.acme, WORKSPACE_IDS.globex, WORKSPACE_IDS.initech].entries()) {
      await makeFlag(id, "high", new Date(Date.UTC(2026, 10, 20, i)));
      await makeFlag(id, "low", new Date(Date.UTC(2026, 10, 21, i)));
    }
  });

  it("follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(GET, (id) => list(`workspaceId=${id}`), "anomalies:view");
  });

  it("lists a workspace's flags most severe first, then newest, in the documented shape, audited", async () => {
    const response = await callRoute(GET, list("workspaceId=ws_acme"), { as: ACCOUNTS.finance });
    expect(response.status).toBe(200);
    const body = parseDocumented(anomaliesPageSchema, await response.json());
    expect(body.anomalies.every((a) => a.workspaceId === "ws_acme")).toBe(true);
    expect(body.anomalies.map((a) => a.severity)).toEqual([...body.anomalies.map((a) => a.severity)].sort((a, b) => rank(b) - rank(a)));
    expect(body.anomalies.find((a) => a.detectorVersion === "test")).toMatchObject({
      expected: "100",
      observed: "1000",
      impactAmount: "12.5",
      currency: "USD",
      workspaceName: "Acme Corp",
      workspaceSlug: "acme",
    });
    const audited = await systemDb().auditEvent.findFirst({
      where: { action: "billing.anomalies.viewed", actorEmail: ACCOUNTS.finance },
      orderBy: { occurredAt: "desc" },
    });
    expect(audited?.workspaceId).toBe("ws_acme");
  });

  it("gives staff every workspace with workspaceId=all, two pages by cursor, and refuses a bad cursor", async () => {
    const all = parseDocumented(
      anomaliesPageSchema,
      await (await callRoute(GET, list("workspaceId=all&limit=200"), { as: ACCOUNTS.support })).json(),
    );
    expect(new Set(all.anomalies.map((a) => a.workspaceId))).toEqual(new Set(["ws_acme", "ws_globex", "ws_initech", WS]));
    expect(all.nextCursor).toBeNull();
    assertOrdered(all.anomalies);
    const half = Math.ceil(all.anomalies.length / 2);
    const first = parseDocumented(
      anomaliesPageSchema,
      await (await callRoute(GET, list(`workspaceId=all&limit=${half}`), { as: ACCOUNTS.support })).json(),
    );
    expect(first.nextCursor).not.toBeNull();
    const second = parseDocumented(
      anomaliesPageSchema,
      await (await callRoute(GET, list(`workspaceId=all&limit=${half}&cursor=${first.nextCursor}`), { as: ACCOUNTS.support })).json(),
    );
    expect(second.nextCursor).toBeNull();
    expect([...first.anomalies, ...second.anomalies].map((a) => a.id)).toEqual(all.anomalies.map((a) => a.id));

    const bad = await callRoute(GET, list("workspaceId=all&cursor=nonsense"), { as: ACCOUNTS.support });
    expect(bad.status).toBe(400);
    expect(parseDocumented(errorBodySchema, await bad.json()).error.code).toBe("bad_request");
    // An admin's all is their own workspaces only.
    const mine = parseDocumented(
      anomaliesPageSchema,
      await (await callRoute(GET, list("workspaceId=all&limit=200"), { as: ACCOUNTS.admin })).json(),
    );
    expect(new Set(mine.anomalies.map((a) => a.workspaceId))).toEqual(new Set(["ws_acme", "ws_globex"]));
  });

  it("filters by status, kind, severity and dates", async () => {
    const get = async (q: string) =>
      parseDocumented(anomaliesPageSchema, await (await callRoute(GET, list(`workspaceId=${WS}&${q}`), { as: ACCOUNTS.support })).json())
        .anomalies;
    expect((await get("status=resolved")).every((a) => a.status === "resolved")).toBe(true);
    expect((await get("status=resolved")).length).toBeGreaterThan(0);
    expect((await get("kind=gap")).every((a) => a.kind === "gap")).toBe(true);
    const severe = await get("severity=high,medium");
    expect(severe.length).toBeGreaterThan(0);
    expect(severe.every((a) => a.severity !== "low")).toBe(true);
    const spikes = await get("kind=spike&from=2026-11-10&to=2026-11-10");
    expect(spikes.map((a) => a.startDate)).toContain(SPIKE);
    expect(await get("from=2026-11-26")).toEqual([]);
    const bad = await callRoute(GET, list(`workspaceId=${WS}&kind=weird`), { as: ACCOUNTS.support });
    expect(bad.status).toBe(400);
  });
});

const rank = (s: string) => ["low", "medium", "high"].indexOf(s);
function assertOrdered(items: AnomalyView[]) {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1]!, items[i]!];
    expect(rank(a.severity) > rank(b.severity) || (a.severity === b.severity && a.createdAt >= b.createdAt)).toBe(true);
  }
}

const patch = (id: string, body: unknown, as: string | null) =>
  callRoute(
    PATCH,
    `/api/billing/anomalies/${id}`,
    { as, method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    { id },
  );

describe(`PATCH /api/billing/anomalies/{id} on ${backend}`, () => {
  it("follows the permission table: ADMIN and staff SUPPORT triage; FINANCE, MEMBER 403; foreign ids 404", async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const account of Object.keys(ACCOUNTS) as AccountName[]) {
      for (const slug of Object.keys(WORKSPACE_IDS) as Slug[]) {
        const flag = await makeFlag(WORKSPACE_IDS[slug]);
        const response = await patch(flag.id, { status: "acknowledged" }, ACCOUNTS[account]);
        outcomes.push(`${account}@${slug}:${response.status}`);
        const visible =
          isAllowed(account, slug, "anomalies:view") || isAllowed(account, slug, "usage:view") || (account === "member" && slug === "acme");
        expected.push(`${account}@${slug}:${isAllowed(account, slug, "anomalies:triage") ? 200 : visible ? 403 : 404}`);
      }
    }
    expect(outcomes).toEqual(expected);
    const flag = await makeFlag("ws_acme");
    expect((await patch(flag.id, { status: "acknowledged" }, null)).status).toBe(401);
    expect((await patch("no-such-flag", { status: "acknowledged" }, ACCOUNTS.admin)).status).toBe(404);
  });

  it("walks open → acknowledged → resolved with history and audit; refuses the rest with 409", async () => {
    const flag = await makeFlag("ws_acme");
    const acked = await patch(flag.id, { status: "acknowledged", note: "looking" }, ACCOUNTS.admin);
    expect(acked.status).toBe(200);
    expect(parseDocumented(triagedAnomalySchema, await acked.json()).anomaly.status).toBe("acknowledged");
    const done = parseDocumented(triagedAnomalySchema, await (await patch(flag.id, { status: "resolved" }, ACCOUNTS.support)).json());
    expect(done.anomaly.history.map((h) => [h.from, h.to])).toEqual([
      ["open", "acknowledged"],
      ["acknowledged", "resolved"],
    ]);
    for (const status of ["acknowledged", "resolved"]) {
      const refused = await patch(flag.id, { status, note: "x" }, ACCOUNTS.admin);
      expect(refused.status).toBe(409);
      expect(parseDocumented(errorBodySchema, await refused.json()).error.code).toBe("conflict");
    }
    expect((await patch(flag.id, { status: "dismissed", note: "x" }, ACCOUNTS.admin)).status).toBe(409);
    const audited = await systemDb().auditEvent.findMany({
      where: { action: "billing.anomaly.triaged", target: { path: ["anomalyId"], equals: flag.id } },
    });
    expect(audited).toHaveLength(2);

    const open = await makeFlag("ws_acme");
    expect((await patch(open.id, { status: "resolved" }, ACCOUNTS.admin)).status).toBe(409);
    const noNote = await patch(open.id, { status: "dismissed" }, ACCOUNTS.admin);
    expect(noNote.status).toBe(400);
    expect((await patch(open.id, { status: "dismissed", note: "expected: load test" }, ACCOUNTS.admin)).status).toBe(200);
    const acknowledged = await makeFlag("ws_acme");
    await patch(acknowledged.id, { status: "acknowledged" }, ACCOUNTS.admin);
    expect((await patch(acknowledged.id, { status: "dismissed", note: "known" }, ACCOUNTS.admin)).status).toBe(200);
    expect((await patch(acknowledged.id, { status: "open" }, ACCOUNTS.admin)).status).toBe(400);
  });
});

describe(`flag history and the open-and-acknowledged view on ${backend}`, () => {
  it("lists each flag's status changes with who, when and note, oldest first, only for flags in scope", async () => {
    const flag = await makeFlag("ws_globex", "high", new Date("2026-11-22T08:00:00Z"));
    await patch(flag.id, { status: "acknowledged", note: "checking the importer" }, ACCOUNTS.support);
    await patch(flag.id, { status: "resolved", note: "re-run fixed it" }, ACCOUNTS.admin);
    const shown = async (as: string) =>
      parseDocumented(
        anomaliesPageSchema,
        await (await callRoute(GET, list("workspaceId=ws_globex&limit=200"), { as })).json(),
      ).anomalies.find((a) => a.id === flag.id);
    const listed = await shown(ACCOUNTS.admin);
    expect(listed?.history.map(({ from, to, note, actorEmail }) => ({ from, to, note, actorEmail }))).toEqual([
      { from: "open", to: "acknowledged", note: "checking the importer", actorEmail: ACCOUNTS.support },
      { from: "acknowledged", to: "resolved", note: "re-run fixed it", actorEmail: ACCOUNTS.admin },
    ]);
    expect(listed!.history[0]!.at <= listed!.history[1]!.at).toBe(true);
    expect(listed!.createdAt).toBe("2026-11-22T08:00:00.000Z");
    // A flag never triaged has an empty history, not a missing one.
    const untouched = await makeFlag("ws_globex");
    const all = parseDocumented(
      anomaliesPageSchema,
      await (await callRoute(GET, list("workspaceId=ws_globex&limit=200"), { as: ACCOUNTS.admin })).json(),
    );
    expect(all.anomalies.find((a) => a.id === untouched.id)?.history).toEqual([]);
  });

  it("status=open,acknowledged (support's default view) keeps acknowledged flags and leaves out settled ones", async () => {
    const acked = await makeFlag("ws_initech");
    await patch(acked.id, { status: "acknowledged" }, ACCOUNTS.support);
    const dismissed = await makeFlag("ws_initech");
    await patch(dismissed.id, { status: "dismissed", note: "load test" }, ACCOUNTS.support);
    const open = await makeFlag("ws_initech");
    const body = parseDocumented(
      anomaliesPageSchema,
      await (await callRoute(GET, list("workspaceId=all&status=open,acknowledged&limit=200"), { as: ACCOUNTS.support })).json(),
    );
    const ids = body.anomalies.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining([acked.id, open.id]));
    expect(ids).not.toContain(dismissed.id);
    expect(body.anomalies.every((a) => a.status === "open" || a.status === "acknowledged")).toBe(true);
  });
});

const budget = (id: string) => `/api/billing/budget?workspaceId=${id}`;
const put = (id: string, body: unknown, as: string | null) =>
  callRoute(putBudget, budget(id), { as, method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe(`budget on ${backend}`, () => {
  it("GET follows anomalies:view; PUT is for workspace ADMINs only", async () => {
    await expectRoleMatrix(getBudget, budget, "anomalies:view");
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const account of Object.keys(ACCOUNTS) as AccountName[]) {
      for (const slug of Object.keys(WORKSPACE_IDS) as Slug[]) {
        const response = await put(WORKSPACE_IDS[slug], { amount: "1000000000", thresholds: [50, 100] }, ACCOUNTS[account]);
        outcomes.push(`${account}@${slug}:${response.status}`);
        expected.push(`${account}@${slug}:${isAllowed(account, slug, "budget:set") ? 200 : 403}`);
      }
    }
    expect(outcomes).toEqual(expected);
    expect((await put("ws_acme", { amount: "10" }, null)).status).toBe(401);
    expect((await put("ws_acme", { amount: "-1", thresholds: [50] }, ACCOUNTS.admin)).status).toBe(400);
  });

  it("refuses workspaceId=all with 400 for every caller, however many workspaces it would cover", async () => {
    const refusal = async (response: Response) => [response.status, parseDocumented(errorBodySchema, await response.json()).error.details];
    const oneWorkspace = [400, [{ field: "workspaceId", message: "must name one workspace" }]];
    for (const as of [ACCOUNTS.initechOwner, ACCOUNTS.admin, ACCOUNTS.support]) {
      expect([as, await refusal(await callRoute(getBudget, budget("all"), { as }))]).toEqual([as, oneWorkspace]);
    }
    for (const as of [ACCOUNTS.initechOwner, ACCOUNTS.admin]) {
      expect([as, await refusal(await put("all", { amount: "424242" }, as))]).toEqual([as, oneWorkspace]);
      expect([as, await refusal(await callRoute(deleteBudget, budget("all"), { as, method: "DELETE" }))]).toEqual([as, oneWorkspace]);
    }
    expect(await systemDb().budget.count({ where: { amount: "424242" } })).toBe(0);
  });

  it("raises one flag per crossed threshold, idempotently, and resolves them when the budget is raised", async () => {
    const response = await put("ws_acme", { amount: "1", thresholds: [100, 50] }, ACCOUNTS.admin);
    const body = parseDocumented(budgetResponseSchema, await response.json());
    expect(body.budget).toMatchObject({ amount: "1", currency: "USD", thresholds: [50, 100] });
    expect(body.period!.crossed.map((c) => c.threshold)).toEqual([50, 100]);
    const viewed = parseDocumented(
      budgetResponseSchema,
      await (await callRoute(getBudget, budget("ws_acme"), { as: ACCOUNTS.finance })).json(),
    );
    expect(viewed.period!.crossed.map((c) => c.threshold)).toEqual([50, 100]);
    const flags = async () =>
      await systemDb().anomalyFlag.findMany({ where: { workspaceId: "ws_acme", kind: "budget" }, orderBy: { threshold: "asc" } });
    const raised = await flags();
    expect(raised.map((f) => [f.threshold, f.severity, f.status, f.productArea])).toEqual([
      [50, "low", "open", null],
      [100, "high", "open", null],
    ]);
    expect(raised[0]!.expected.toFixed()).toBe("0.5");
    await runFullPass();
    expect(await flags()).toEqual(raised);
    expect(await systemDb().auditEvent.count({ where: { action: "billing.budget.changed", workspaceId: "ws_acme" } })).toBeGreaterThan(0);

    await put("ws_acme", { amount: "1000000000", thresholds: [50, 100] }, ACCOUNTS.admin);
    expect((await flags()).map((f) => f.status)).toEqual(["resolved", "resolved"]);
  });

  it("DELETE removes the budget for ADMINs only, resolves its open flags, audits it, and is 404 once gone", async () => {
    const remove = (id: string, as: string | null) => callRoute(deleteBudget, budget(id), { as, method: "DELETE" });
    await put("ws_globex", { amount: "1", thresholds: [50] }, ACCOUNTS.admin);
    const flag = () => systemDb().anomalyFlag.findFirstOrThrow({ where: { workspaceId: "ws_globex", kind: "budget", threshold: 50 } });
    expect((await flag()).status).toBe("open");

    expect((await remove("ws_globex", null)).status).toBe(401);
    expect((await remove("ws_globex", ACCOUNTS.support)).status).toBe(403);
    expect((await remove("ws_acme", ACCOUNTS.finance)).status).toBe(403);
    expect((await remove("ws_acme", ACCOUNTS.member)).status).toBe(403);
    expect((await remove("ws_initech", ACCOUNTS.admin)).status).toBe(403);
    expect(await systemDb().budget.count({ where: { workspaceId: "ws_globex" } })).toBe(1);

    const removed = await remove("ws_globex", ACCOUNTS.admin);
    expect(removed.status).toBe(200);
    expect(parseDocumented(budgetResponseSchema, await removed.json())).toMatchObject({
      workspaceId: "ws_globex",
      budget: null,
      period: null,
    });
    expect(await systemDb().budget.count({ where: { workspaceId: "ws_globex" } })).toBe(0);
    expect((await flag()).status).toBe("resolved");
    const audit = await systemDb().auditEvent.findFirstOrThrow({ where: { action: "billing.budget.removed", workspaceId: "ws_globex" } });
    expect(audit.metadata).toMatchObject({ before: { amount: "1", thresholds: [50] } });

    const again = await remove("ws_globex", ACCOUNTS.admin);
    expect(again.status).toBe(404);
    expect(parseDocumented(errorBodySchema, await again.json()).error.code).toBe("not_found");
  });

  it("a budget flag names the figure that crossed, the workspace's day it did, and the budget it is a share of", async () => {
    const support = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.support } });
    const items = ["compute", "bandwidth", "email"].map((productArea) => ({
      productArea,
      includedQuantity: "0",
      tiers: [{ upTo: null, unitAmount: "0.01" }],
    }));
    await systemDb().priceBook.create({
      data: { workspaceId: WS, effectiveFrom: new Date("2026-01-01T00:00:00Z"), currency: "USD", items, createdById: support.id },
    });
    const workspace = await systemDb().workspace.findUniqueOrThrow({ where: { id: WS } });
    const cost = await periodCost(workspace, "USD", NOW);
    expect(cost.toDate.lt(cost.projected)).toBe(true);
    // The projection alone reaches 100 % of it; the cost so far is already past 50 %.
    const budgetRow = { workspaceId: WS, currency: "USD", thresholds: [50, 100], updatedById: support.id };
    await systemDb().budget.create({ data: { ...budgetRow, amount: cost.projected.toFixed() } });
    await checkBudget(workspace, NOW);

    const shown = async () => {
      const page = parseDocumented(
        anomaliesPageSchema,
        await (await callRoute(GET, list(`workspaceId=all&kind=budget&limit=200`), { as: ACCOUNTS.support })).json(),
      );
      return page.anomalies.filter((f) => f.workspaceId === WS).sort((a, b) => a.threshold! - b.threshold!);
    };
    // 100 % is the projected invoice itself: its pace gets there on the period's last day.
    const onDay = (crossedBy: string, reachesOn: string | null) => ({ crossedBy, crossedOn: "2026-11-25", reachesOn });
    expect((await shown()).map((f) => [f.observed, f.budget])).toEqual([
      [cost.toDate.toFixed(), { amount: cost.projected.toFixed(), threshold: 50, ...onDay("to_date", null) }],
      [cost.projected.toFixed(), { amount: cost.projected.toFixed(), threshold: 100, ...onDay("projection", "2026-11-30") }],
    ]);

    // Two days on, a lower budget: the cost so far now crosses 100 % too, on that day; 50 % keeps its day.
    const later = new Date("2026-11-27T02:00:00Z");
    const costLater = await periodCost(workspace, "USD", later);
    await systemDb().budget.update({ where: { workspaceId: WS }, data: { amount: costLater.toDate.toFixed() } });
    await checkBudget(workspace, later);
    expect((await shown()).map((f) => [f.status, f.observed, f.budget])).toEqual([
      [
        "open",
        costLater.toDate.toFixed(),
        { amount: costLater.toDate.toFixed(), threshold: 50, crossedBy: "to_date", crossedOn: "2026-11-25", reachesOn: null },
      ],
      [
        "open",
        costLater.toDate.toFixed(),
        { amount: costLater.toDate.toFixed(), threshold: 100, crossedBy: "to_date", crossedOn: "2026-11-27", reachesOn: null },
      ],
    ]);
  });

  it("GET and PUT say which currency a budget is set in and the period's cost so far, with or without a budget", async () => {
    await systemDb().budget.deleteMany({ where: { workspaceId: "ws_initech" } });
    const viewed = parseDocumented(
      budgetResponseSchema,
      await (await callRoute(getBudget, budget("ws_initech"), { as: ACCOUNTS.support })).json(),
    );
    expect(viewed).toMatchObject({ workspaceId: "ws_initech", currency: "USD", budget: null, period: null });
    // The period's invoice so far, as the budget check computes it; $0 on days the included
    // quantities still cover (a period's first day, say), so no sign is assumed.
    const initech = await systemDb().workspace.findUniqueOrThrow({ where: { id: "ws_initech" } });
    expect(viewed.amountToDate).toBe((await periodCost(initech, "USD", new Date())).toDate.toFixed());
    const saved = parseDocumented(
      budgetResponseSchema,
      await (await put("ws_globex", { amount: "6000", thresholds: [100] }, ACCOUNTS.admin)).json(),
    );
    expect(saved).toMatchObject({ currency: "EUR", budget: { amount: "6000", currency: "EUR" } });
    expect(saved.amountToDate).toBe(saved.period!.amountToDate);
  });
});
