import { beforeAll, describe, expect, it } from "vitest";
import { PATCH } from "@/app/api/billing/anomalies/[id]/route";
import { GET as listAnomalies } from "@/app/api/billing/anomalies/route";
import { DELETE as deleteBudget, PUT as putBudget } from "@/app/api/billing/budget/route";
import { unsafeSystemAccess } from "@/lib/access/workspace-access";
import { runFullPass } from "@/lib/anomalies/anomaly-job";
import { anomaliesPageSchema, type AnomalyView } from "@/lib/anomalies/anomaly-response";
import { budgetResponseSchema, type BudgetResponse } from "@/lib/budget/budget-response";
import { checkBudget } from "@/lib/budget/check-budget";
import { budgetResponse } from "@/lib/budget/view-budget";
import { systemDb } from "@/lib/db";
import { addDays, dayOfWeek } from "@/lib/periods/calendar-date";
import { Exact } from "@/lib/pricing/money";
import { computeProjection } from "@/lib/projection/project-usage";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

// The demo workspaces are seeded as of now, so their figures depend on the day: expectations come
// from what the budget API says is crossed. The workspace of its own below has a pinned clock.
const ADMIN_OF: Record<string, string> = { ws_acme: ACCOUNTS.admin, ws_globex: ACCOUNTS.admin, ws_initech: ACCOUNTS.initechOwner };

async function put(workspaceId: string, amount: string, thresholds: number[]): Promise<BudgetResponse> {
  const response = await callRoute(putBudget, `/api/billing/budget?workspaceId=${workspaceId}`, {
    as: ADMIN_OF[workspaceId]!,
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ amount, thresholds }),
  });
  expect(response.status).toBe(200);
  return parseDocumented(budgetResponseSchema, await response.json());
}

/** Removes the budget if there is one (a 404 otherwise): every open flag of it is resolved. */
const remove = (workspaceId: string) =>
  callRoute(deleteBudget, `/api/billing/budget?workspaceId=${workspaceId}`, { as: ADMIN_OF[workspaceId]!, method: "DELETE" });

async function budgetFlags(workspaceId: string, status = "open,acknowledged,resolved,dismissed"): Promise<AnomalyView[]> {
  const path = `/api/billing/anomalies?workspaceId=${workspaceId}&kind=budget&status=${status}&limit=200`;
  const response = await callRoute(listAnomalies, path, { as: ACCOUNTS.support });
  expect(response.status).toBe(200);
  return parseDocumented(anomaliesPageSchema, await response.json()).anomalies.sort((a, b) => a.threshold! - b.threshold!);
}

/** The flags still to look at, as [threshold, figure, pace day]. */
const active = async (workspaceId: string) =>
  (await budgetFlags(workspaceId, "open,acknowledged")).map((f) => [f.threshold, f.budget!.crossedBy, f.budget!.reachesOn]);

const crossedOf = (budget: BudgetResponse) => budget.period!.crossed.map((c) => [c.threshold, c.by, c.reachesOn]);

async function dismiss(flag: AnomalyView) {
  const response = await callRoute(
    PATCH,
    `/api/billing/anomalies/${flag.id}`,
    {
      as: ACCOUNTS.support,
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "dismissed", note: "known" }),
    },
    { id: flag.id },
  );
  expect(response.status).toBe(200);
}

const statusOf = async (id: string) => (await systemDb().anomalyFlag.findUniqueOrThrow({ where: { id } })).status;

// A workspace of its own in UTC, a pinned clock, and a price book of a cent a unit: steady weekly
// usage in three areas, and one 10× day in the current period that late data can take away.
const WS = "ws_budget_test";
const NOW = new Date("2026-11-25T12:00:00Z");
const LAST = "2026-11-24";
const SPIKE = "2026-11-10";
const weekly = (day: string) => 1000 * [0.6, 1, 1.05, 1.1, 1.02, 0.98, 0.55][dayOfWeek(day)]!;

async function setComputeOn(day: string, quantity: number) {
  const usageDate = new Date(`${day}T00:00:00Z`);
  await systemDb().billingUsageDaily.update({
    where: { workspaceId_productArea_usageDate: { workspaceId: WS, productArea: "compute", usageDate } },
    data: { quantity: quantity.toFixed(3) },
  });
  // What the consumer does for a day before today: the projection's cached history is stale.
  await systemDb().usageVersion.upsert({
    where: { workspaceId: WS },
    create: { workspaceId: WS, version: 1, historyVersion: 1 },
    update: { version: { increment: 1 }, historyVersion: { increment: 1 } },
  });
}

async function seedPinnedWorkspace() {
  await systemDb().workspace.create({
    data: { id: WS, slug: "budget-test", name: "Budget test", timeZone: "UTC", currency: "USD", billingAnchorDay: 1 },
  });
  const rows = Array.from({ length: 120 }, (_, i) => addDays(LAST, -i)).flatMap((day) =>
    ["compute", "bandwidth", "email"].map((productArea) => ({
      workspaceId: WS,
      productArea,
      usageDate: new Date(`${day}T00:00:00Z`),
      quantity: (weekly(day) * (productArea === "compute" && day === SPIKE ? 10 : 1)).toFixed(3),
      unit: "u",
      sourceEventCount: 24,
    })),
  );
  await systemDb().billingUsageDaily.createMany({ data: rows });
  const support = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.support } });
  const items = ["compute", "bandwidth", "email"].map((productArea) => ({
    productArea,
    includedQuantity: "0",
    tiers: [{ upTo: null, unitAmount: "0.01" }],
  }));
  await systemDb().priceBook.create({
    data: { workspaceId: WS, effectiveFrom: new Date("2026-01-01T00:00:00Z"), currency: "USD", items, createdById: support.id },
  });
}

const pinned = () => systemDb().workspace.findUniqueOrThrow({ where: { id: WS } });

async function setPinnedBudget(amount: string, thresholds: number[]) {
  const support = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.support } });
  const data = { amount, thresholds, currency: "USD", updatedById: support.id, updatedAt: NOW };
  await systemDb().budget.upsert({ where: { workspaceId: WS }, create: { workspaceId: WS, ...data }, update: data });
  await checkBudget(await pinned(), NOW);
}

beforeAll(async () => {
  await seedDemoData(new Date());
  await seedPinnedWorkspace();
});

describe(`budget thresholds re-arm on ${backend}`, () => {
  it("after earlier flags were closed, 45,000 then 40,000 on acme raise exactly the thresholds the budget API says are crossed; the same on globex", async () => {
    for (const workspaceId of ["ws_acme", "ws_globex"]) {
      await remove(workspaceId);
      // Every threshold raised, then resolved with the budget: what the period had seen before.
      const everything = await put(workspaceId, "1", [50, 75, 100]);
      expect(await active(workspaceId)).toEqual(crossedOf(everything));
      expect((await remove(workspaceId)).status).toBe(200);
      expect(await active(workspaceId)).toEqual([]);
      for (const amount of ["45000", "40000"]) {
        const saved = await put(workspaceId, amount, [50, 75, 100]);
        expect([workspaceId, amount, await active(workspaceId)]).toEqual([workspaceId, amount, crossedOf(saved)]);
      }
    }
    // Acme's invoice is tens of thousands of dollars: 40,000 is crossed at 50 % at least.
    expect((await active("ws_acme")).length).toBeGreaterThan(0);

    // Globex bills a few thousand euros: the same steps at its own scale. Above its projection
    // (50 % and 75 % crossed, 100 % not), then just below it (100 % crossed too).
    const projected = new Exact((await put("ws_globex", "1", [100])).period!.projectedAmount);
    for (const amount of [projected.times(1.2), projected.div(1.05)].map((a) => a.toFixed(2, Exact.ROUND_DOWN))) {
      const saved = await put("ws_globex", amount, [50, 75, 100]);
      expect([amount, await active("ws_globex")]).toEqual([amount, crossedOf(saved)]);
    }
    expect((await active("ws_globex")).map(([threshold]) => threshold)).toEqual([50, 75, 100]);
  });

  it("a dismissal holds while the budget stays as it was (saved again, re-checked by the job); a changed amount or thresholds raise it again", async () => {
    await remove("ws_initech");
    await put("ws_initech", "1", [50, 100]);
    const raised = await budgetFlags("ws_initech", "open");
    expect(raised.map((f) => f.threshold)).toEqual([50, 100]);
    for (const flag of raised) await dismiss(flag);

    await put("ws_initech", "1", [100, 50]); // the same budget, its thresholds in another order
    await runFullPass();
    expect(await active("ws_initech")).toEqual([]);
    expect(await Promise.all(raised.map((f) => statusOf(f.id)))).toEqual(["dismissed", "dismissed"]);

    const moreThresholds = await put("ws_initech", "1", [50, 90, 100]);
    expect(await active("ws_initech")).toEqual(crossedOf(moreThresholds));
    expect(crossedOf(moreThresholds).map(([threshold]) => threshold)).toEqual([50, 90, 100]);
    const again = await budgetFlags("ws_initech", "open");
    expect(again.some((f) => raised.some((r) => r.id === f.id))).toBe(false);
    expect(again.map((f) => f.history.map((h) => [h.from, h.to]))).toEqual([[[null, "open"]], [[null, "open"]], [[null, "open"]]]);

    for (const flag of again) await dismiss(flag);
    const otherAmount = await put("ws_initech", "2", [50, 90, 100]);
    expect(await active("ws_initech")).toEqual(crossedOf(otherAmount));
    expect(await active("ws_initech")).toHaveLength(3);
  });

  it("a dismissed threshold whose figures fall below (a budget raised) and cross again (lowered back) is raised again under the same budget", async () => {
    await remove("ws_acme");
    await put("ws_acme", "1", [100]);
    const [flag] = await budgetFlags("ws_acme", "open");
    await dismiss(flag!);
    await put("ws_acme", "1", [100]);
    expect(await active("ws_acme")).toEqual([]);

    const above = await put("ws_acme", "1000000000", [100]);
    expect(above.period!.crossed).toEqual([]);
    expect(await active("ws_acme")).toEqual([]);
    const back = await put("ws_acme", "1", [100]);
    expect(await active("ws_acme")).toEqual(crossedOf(back));
    expect(await active("ws_acme")).toHaveLength(1);
    expect(await statusOf(flag!.id)).toBe("dismissed");
  });

  it("removing the budget resolves its open flags; setting it again raises every threshold again, the dismissed one too", async () => {
    await remove("ws_globex");
    await put("ws_globex", "1", [50, 100]);
    const [fifty, hundred] = await budgetFlags("ws_globex", "open");
    await dismiss(fifty!);

    expect((await remove("ws_globex")).status).toBe(200);
    expect(await active("ws_globex")).toEqual([]);
    expect(await statusOf(hundred!.id)).toBe("resolved");
    expect(await statusOf(fifty!.id)).toBe("dismissed");
    const resolvedBy = (await budgetFlags("ws_globex", "resolved")).find((f) => f.id === hundred!.id)!.history.at(-1);
    expect(resolvedBy).toMatchObject({ from: "open", to: "resolved", note: "no longer anomalous", actorId: null });

    const setAgain = await put("ws_globex", "1", [50, 100]);
    expect(await active("ws_globex")).toEqual(crossedOf(setAgain));
    const raisedAgain = await budgetFlags("ws_globex", "open");
    expect(raisedAgain.map((f) => f.threshold)).toEqual([50, 100]);
    expect(raisedAgain.map((f) => f.id)).not.toContain(fifty!.id);
    expect(raisedAgain.map((f) => f.id)).not.toContain(hundred!.id);
  });

  it("names both figures: the cost so far, and the projection with the day its pace reaches the threshold, from the projection's daily forecast", async () => {
    const workspace = await pinned();
    const projection = await computeProjection(unsafeSystemAccess([workspace], "anomalies:view"), { now: NOW });
    // The invoice at the end of each remaining day: the areas' quantities so far (complete days
    // only: nothing is in for today) plus their forecast up to that day, a cent a unit.
    const dates = [...new Set(projection.forecast.map((f) => f.date))].sort();
    expect(dates[0]).toBe("2026-11-25");
    const runningInvoice = (date: string) =>
      projection.areas.reduce((sum, area) => {
        const ahead = projection.forecast.filter((f) => f.productArea === area.productArea && f.date <= date);
        const quantity = ahead.reduce((q, f) => q.plus(f.quantity), new Exact(area.quantityToDate));
        return sum.plus(quantity.times("0.01").toDecimalPlaces(2));
      }, new Exact(0));
    // A budget whose 100 % lies between the invoices of the 26th and the 27th: the pace reaches it on the 27th.
    const amount = runningInvoice("2026-11-26").plus(runningInvoice("2026-11-27")).div(2);
    const toDate = new Exact(projection.totals[0]!.amountToDate);
    expect(toDate.gte(amount.div(2))).toBe(true);
    expect(toDate.lt(amount)).toBe(true);
    await setPinnedBudget(amount.toFixed(), [50, 100]);

    const standing = await budgetResponse(workspace, await systemDb().budget.findUniqueOrThrow({ where: { workspaceId: WS } }), NOW);
    expect(crossedOf(parseDocumented(budgetResponseSchema, standing))).toEqual([
      [50, "to_date", null],
      [100, "projection", "2026-11-27"],
    ]);
    const flags = await budgetFlags(WS);
    expect(flags.map((f) => [f.status, f.observed, f.budget])).toEqual([
      [
        "open",
        toDate.toFixed(),
        { amount: amount.toFixed(), threshold: 50, crossedBy: "to_date", crossedOn: "2026-11-25", reachesOn: null },
      ],
      [
        "open",
        standing.period!.projectedAmount,
        { amount: amount.toFixed(), threshold: 100, crossedBy: "projection", crossedOn: "2026-11-25", reachesOn: "2026-11-27" },
      ],
    ]);
  });

  it("a dismissal holds while the figures stay over the threshold; late data taking them below and back raises it again", async () => {
    const workspace = await pinned();
    const projected = new Exact(
      (await computeProjection(unsafeSystemAccess([workspace], "anomalies:view"), { now: NOW })).totals[0]!.projectedAmount,
    );
    // 100 % a little under the projection, well over the cost so far: only the projection crosses it.
    await setPinnedBudget(projected.times("0.99").toFixed(2), [100]);
    const [flag] = await budgetFlags(WS, "open");
    expect([flag!.threshold, flag!.budget!.crossedBy]).toEqual([100, "projection"]);
    await dismiss(flag!);
    await checkBudget(workspace, NOW);
    expect(await budgetFlags(WS, "open")).toEqual([]);

    // The 10× day turns out to be an ordinary one: the projection falls under 100 %.
    await setComputeOn(SPIKE, weekly(SPIKE));
    await checkBudget(workspace, NOW);
    expect(await budgetFlags(WS, "open")).toEqual([]);
    const budgetRow = await systemDb().budget.findUniqueOrThrow({ where: { workspaceId: WS } });
    expect((await budgetResponse(workspace, budgetRow, NOW)).period!.crossed).toEqual([]);

    // Corrected back: crossed again, under the very budget the dismissal was for.
    await setComputeOn(SPIKE, weekly(SPIKE) * 10);
    await checkBudget(workspace, NOW);
    const raised = await budgetFlags(WS, "open");
    expect(raised.map((f) => [f.threshold, f.budget!.crossedBy])).toEqual([[100, "projection"]]);
    expect(raised[0]!.id).not.toBe(flag!.id);
    expect(await statusOf(flag!.id)).toBe("dismissed");
    await checkBudget(workspace, NOW);
    expect(await budgetFlags(WS, "open")).toEqual(raised);
  });
});
