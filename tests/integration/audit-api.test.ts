import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportAudit } from "@/app/api/audit-events/export/route";
import { GET as auditEvents } from "@/app/api/audit-events/route";
import { GET as usage } from "@/app/api/billing/usage/route";
import { errorBodySchema } from "@/lib/api/error-response";
import { auditEventsPageSchema } from "@/lib/audit/audit-event-response";
import { recordAuditEvents } from "@/lib/audit/record-audit-event";
import { systemDb } from "@/lib/db";
import { backend } from "../support/test-database";
import { parseCsv } from "../support/csv";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { expectRoleMatrix } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { parseDocumented } from "../support/documented-response";

const base = new Date("2026-06-15T12:00:00Z").getTime();

beforeAll(async () => {
  await seedDemoData();
  // 25 looks at globex, one a minute; and one at acme that must never show under globex.
  await systemDb().auditEvent.createMany({
    data: Array.from({ length: 25 }, (_, i) => ({
      occurredAt: new Date(base + i * 60_000),
      action: i % 5 === 0 ? "billing.usage.exported" : "billing.usage.viewed",
      actorId: "u-seed",
      actorEmail: i % 2 ? "Finance@Example.com" : "someone@example.com",
      workspaceId: "ws_globex",
      target: { i },
    })),
  });
  await recordAuditEvents([{ actor: null, workspaceId: "ws_acme", action: "billing.usage.viewed", target: { secret: true } }]);
});

type Event = { id: string; target: { i?: number }; workspaceId: string; action: string };
const list = async (query: string, as: string = ACCOUNTS.admin) =>
  (await callRoute(auditEvents, `/api/audit-events?${query}`, { as })).json();

describe(`audit log API on ${backend}`, () => {
  it("GET /api/audit-events is for workspace admins only", async () => {
    await expectRoleMatrix(auditEvents, (id) => `/api/audit-events?workspaceId=${id}`, "audit:view");
  });

  it("GET /api/audit-events/export is for workspace admins only", async () => {
    await expectRoleMatrix(exportAudit, (id) => `/api/audit-events/export?workspaceId=${id}`, "audit:view");
  });

  it("pages newest first and stays stable while new events arrive", async () => {
    const range = "workspaceId=ws_globex&from=2026-06-15&to=2026-06-15&limit=10";
    const first = await list(range);
    parseDocumented(auditEventsPageSchema, first);
    expect(first.events.map((e: Event) => e.target.i)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    // New rows land between pages, some with the very same timestamp as the cursor row.
    await systemDb().auditEvent.createMany({
      data: [
        { occurredAt: new Date(base + 15 * 60_000), action: "billing.usage.viewed", workspaceId: "ws_globex", target: { i: 100 } },
        { occurredAt: new Date(base + 30 * 60_000), action: "billing.usage.viewed", workspaceId: "ws_globex", target: { i: 101 } },
      ],
    });
    const seen = new Set<string>(first.events.map((e: Event) => e.id));
    let cursor = first.nextCursor;
    const later: number[] = [];
    while (cursor) {
      const page = await list(`${range}&cursor=${cursor}`);
      for (const e of page.events as Event[]) {
        expect(seen.has(e.id)).toBe(false);
        seen.add(e.id);
        later.push(e.target.i!);
      }
      cursor = page.nextCursor;
    }
    expect(later.filter((i) => i < 100)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(later).not.toContain(101); // newer than the first page: it is at the top, not in the middle
  });

  it("filters by action, actor (e-mail in any case, or id) and days in the workspace's time zone", async () => {
    const exported = await list("workspaceId=ws_globex&action=billing.usage.exported&from=2026-06-15&to=2026-06-15");
    expect(exported.events.map((e: Event) => e.target.i)).toEqual([20, 15, 10, 5, 0]);
    const byActor = await list("workspaceId=ws_globex&actor=finance@EXAMPLE.com&from=2026-06-15&to=2026-06-15&limit=200");
    expect(byActor.events).toHaveLength(12);
    // 12:00 UTC is 14:00 in Berlin: nothing on the 14th or the 16th there.
    expect(
      (await list("workspaceId=ws_globex&from=2026-06-16&to=2026-06-30")).events.filter(
        (e: Event) => e.target.i !== undefined && e.target.i < 100,
      ),
    ).toEqual([]);
    expect((await list("workspaceId=ws_globex&from=2026-06-14&to=2026-06-14")).events).toEqual([]);
  });

  it("never shows another workspace's events", async () => {
    const events = (await list("workspaceId=ws_globex&limit=200")).events as Event[];
    expect(events.every((e) => e.workspaceId === "ws_globex")).toBe(true);
  });

  it("shows a multi-workspace read in each workspace's log, without naming the other workspaces", async () => {
    await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme,ws_initech&groupBy=productArea", {
      as: ACCOUNTS.support,
      headers: { "x-request-id": "multi-look-0001" },
    });
    const initechLog = await list("workspaceId=ws_initech&action=billing.usage.viewed", ACCOUNTS.initechOwner);
    parseDocumented(auditEventsPageSchema, initechLog);
    const forInitech = initechLog.events;
    const look = forInitech.find((e: Event & { clientRequestId: string }) => e.clientRequestId === "multi-look-0001");
    expect(look).toMatchObject({
      workspaceId: "ws_initech",
      workspaceIds: ["ws_initech"],
      actorEmail: ACCOUNTS.support,
      metadata: { role: "SUPPORT" },
    });
    expect(JSON.stringify(look)).not.toMatch(/acme/);
    expect(look.target).toMatchObject({ period: expect.anything() });
    const csv = await callRoute(exportAudit, "/api/audit-events/export?workspaceId=ws_initech&action=billing.usage.viewed", {
      as: ACCOUNTS.initechOwner,
    });
    const row = parseCsv(await csv.text()).find((r) => r.client_request_id === "multi-look-0001");
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toMatch(/acme/);
    const forAcme = (await list("workspaceId=ws_acme&action=billing.usage.viewed")).events;
    const acmeLook = forAcme.find((e: Event & { clientRequestId: string }) => e.clientRequestId === "multi-look-0001");
    expect(acmeLook).toMatchObject({ workspaceId: "ws_acme", workspaceIds: ["ws_acme"] });
    expect(JSON.stringify(acmeLook)).not.toMatch(/initech/);
  });

  it("keeps the query of a read that named only the log's workspace", async () => {
    await callRoute(usage, "/api/billing/usage?workspaceId=ws_globex&groupBy=productArea", {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": "single-look-0001" },
    });
    const events = (await list("workspaceId=ws_globex&action=billing.usage.viewed&limit=200")).events;
    const look = events.find((e: Event & { clientRequestId: string }) => e.clientRequestId === "single-look-0001");
    expect(look.target).toMatchObject({ query: { period: "current", groupBy: "productArea" }, workspaceCount: 1 });
  });

  it("answers 400 naming the field for bad filters", async () => {
    const response = await callRoute(auditEvents, "/api/audit-events?workspaceId=ws_globex&from=June&to=2026-01-01&cursor=zzz", {
      as: ACCOUNTS.admin,
    });
    expect(response.status).toBe(400);
    const body = parseDocumented(errorBodySchema, await response.json());
    expect((body.error.details as { field: string }[]).map((d) => d.field).sort()).toEqual(["cursor", "from"]);
  });

  it("downloads the filtered log as CSV, and audits the download itself", async () => {
    const response = await callRoute(exportAudit, "/api/audit-events/export?workspaceId=ws_globex&action=billing.usage.exported", {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": "audit-download-1" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/filename="audit-globex-\d{4}-\d{2}-\d{2}\.csv"/);
    const records = parseCsv(await response.text());
    expect(records.map((r) => JSON.parse(r.target!).i)).toEqual([20, 15, 10, 5, 0]);
    const trace = await systemDb().auditEvent.findMany({ where: { clientRequestId: "audit-download-1" } });
    expect(trace.map((t) => [t.action, t.workspaceId, t.actorEmail, t.target]).sort()).toEqual([
      ["audit.log.download_started", "ws_globex", ACCOUNTS.admin, { query: { action: "billing.usage.exported" } }],
      ["audit.log.downloaded", "ws_globex", ACCOUNTS.admin, { query: { action: "billing.usage.exported" } }],
    ]);
    expect(trace.find((t) => t.action === "audit.log.downloaded")!.metadata).toMatchObject({ rowCount: 5 });
  });

  it("writes exactly one audit row per successful billing read, none for refused ones", async () => {
    await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme", {
      as: ACCOUNTS.finance,
      headers: { "x-request-id": "one-read-0001" },
    });
    await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme", { as: ACCOUNTS.member, headers: { "x-request-id": "refused-0001" } });
    await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme&period=bad", {
      as: ACCOUNTS.finance,
      headers: { "x-request-id": "invalid-0001" },
    });
    expect(await systemDb().auditEvent.count({ where: { clientRequestId: "one-read-0001" } })).toBe(1);
    expect(await systemDb().auditEvent.count({ where: { clientRequestId: { in: ["refused-0001", "invalid-0001"] } } })).toBe(0);
  });

  it("commits every concurrent read's own audit row before answering it", async () => {
    const ids = Array.from({ length: 24 }, (_, i) => `concurrent-read-${String(i).padStart(2, "0")}`);
    const responses = await Promise.all(
      ids.map((id, i) =>
        callRoute(usage, `/api/billing/usage?workspaceId=${i % 2 ? "ws_acme" : "ws_globex"}`, {
          as: ACCOUNTS.admin,
          headers: { "x-request-id": id },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(ids.map(() => 200));
    const rows = await systemDb().auditEvent.findMany({ where: { clientRequestId: { in: ids } }, orderBy: { clientRequestId: "asc" } });
    expect(rows.map((r) => [r.clientRequestId, r.workspaceId, r.action])).toEqual(
      ids.map((id, i) => [id, i % 2 ? "ws_acme" : "ws_globex", "billing.usage.viewed"]),
    );
  });
});
