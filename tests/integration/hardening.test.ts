// Issue 13: requests that used to be answered with a 500 (or worse, a 200 cut short) get a 4xx
// or a 503 with the standard error body; audit rows keep only what was checked.
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as auditExport } from "@/app/api/audit-events/export/route";
import { GET as auditEvents } from "@/app/api/audit-events/route";
import { GET as usage } from "@/app/api/billing/usage/route";
import { POST as ingest } from "@/app/api/metering/events/route";
import { GET as workspaces } from "@/app/api/workspaces/route";
import { systemDb, Prisma, db } from "@/lib/db";
import { openDatabase, type Database } from "@/lib/db/database";
import { MAX_BODY_BYTES } from "@/lib/metering/read-ingest-body";
import { backend, postgresUrl } from "../support/test-database";
import { parseCsv } from "../support/csv";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { INGEST_TOKEN } from "../support/metering";
import { callRoute, sessionCookieFor } from "../support/session";

beforeAll(async () => {
  await seedDemoData();
  await systemDb().auditEvent.createMany({
    data: ["Finance@Example.com", "fin_nce@example.com", "x%@example.com"].map((actorEmail, i) => ({
      action: "billing.usage.viewed",
      workspaceId: "ws_globex",
      actorId: `u-literal-${i}`,
      actorEmail,
      target: { literal: i },
    })),
  });
});

afterEach(() => vi.restoreAllMocks());

const expectErrorBody = async (response: Response, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toEqual({
    error: { code, message: expect.any(String), ...(body.error.details !== undefined && { details: expect.anything() }) },
  });
  return body;
};

describe(`the audit log's actor filter on ${backend}`, () => {
  const actorsOf = async (actor: string) =>
    (
      (
        await (
          await callRoute(auditEvents, `/api/audit-events?workspaceId=ws_globex&limit=200&actor=${encodeURIComponent(actor)}`, {
            as: ACCOUNTS.admin,
          })
        ).json()
      ).events as {
        actorEmail: string;
      }[]
    ).map((e) => e.actorEmail);

  it("takes a backslash literally instead of failing", async () => {
    for (const handler of [auditEvents, auditExport]) {
      const path = handler === auditEvents ? "/api/audit-events" : "/api/audit-events/export";
      const response = await callRoute(handler, `${path}?workspaceId=ws_globex&actor=%5C`, { as: ACCOUNTS.admin });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
  });

  it("matches an e-mail exactly, in any case, with % and _ as themselves", async () => {
    expect(await actorsOf("finance@example.com")).toEqual(["Finance@Example.com"]);
    expect(await actorsOf("fin_nce@example.com")).toEqual(["fin_nce@example.com"]);
    expect(await actorsOf("%")).toEqual([]);
    expect(await actorsOf("x%@example.com")).toEqual(["x%@example.com"]);
    expect(await actorsOf("u-literal-1")).toEqual(["fin_nce@example.com"]);
  });
});

describe(`the audit log download on ${backend}`, () => {
  it("is recorded as downloaded only when every page was read, and a failure after the headers cuts the stream", async () => {
    await systemDb().auditEvent.createMany({
      data: Array.from({ length: 5001 }, (_, i) => ({
        action: "billing.exports.viewed",
        workspaceId: "ws_globex",
        actorEmail: "bulk@example.com",
        target: { bulk: i },
      })),
    });
    const { auditEvent } = db();
    const findMany = auditEvent.findMany.bind(auditEvent);
    let calls = 0;
    vi.spyOn(auditEvent, "findMany").mockImplementation(((args: Prisma.AuditEventFindManyArgs) => {
      calls += 1;
      if (calls === 2) return Promise.reject(new Error("the second page could not be read"));
      return findMany(args);
    }) as typeof auditEvent.findMany);
    const response = await callRoute(auditExport, "/api/audit-events/export?workspaceId=ws_globex&actor=bulk@example.com", {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": "audit-cut-0001" },
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    const rows = await systemDb().auditEvent.findMany({ where: { clientRequestId: "audit-cut-0001" } });
    expect(rows.map((r) => r.action)).toEqual(["audit.log.download_started"]);
  });

  it("answers an error before anything is recorded when the first page cannot be read", async () => {
    vi.spyOn(db().auditEvent, "findMany").mockRejectedValue(
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    );
    const response = await callRoute(auditExport, "/api/audit-events/export?workspaceId=ws_globex", {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": "audit-fail-0001" },
    });
    await expectErrorBody(response, 503, "service_unavailable");
    vi.restoreAllMocks();
    expect(await systemDb().auditEvent.count({ where: { clientRequestId: "audit-fail-0001" } })).toBe(0);
  });
});

describe(`a database outage on ${backend}`, () => {
  const globalForDb = globalThis as unknown as { billingDatabase?: Database };

  // The session cookie is made before: making it reads the user from the database.
  async function withDatabase(replacement: Database, run: (headers: Record<string, string>) => Promise<void>) {
    const headers = { cookie: await sessionCookieFor(ACCOUNTS.admin) };
    const real = globalForDb.billingDatabase;
    globalForDb.billingDatabase = replacement;
    try {
      await run(headers);
    } finally {
      globalForDb.billingDatabase = real;
      await replacement.close().catch(() => {});
    }
  }

  const expect503 = async (response: Response) => {
    await expectErrorBody(response, 503, "service_unavailable");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  };

  it("answers 503 with Retry-After when the database refuses connections", async () => {
    await withDatabase(openDatabase({ url: "postgresql://postgres@127.0.0.1:1/unreachable", pgliteDir: "unused" }), async (headers) => {
      await expect503(await callRoute(workspaces, "/api/workspaces", { headers }));
      await expect503(await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme", { headers }));
    });
  });

  it("answers 503 when the database was closed under the handler", async () => {
    const closed = postgresUrl
      ? openDatabase({ url: process.env.DATABASE_URL!, pgliteDir: "unused" })
      : openDatabase({ pgliteDir: "memory://" });
    await closed.query(Prisma.sql`SELECT 1`);
    await closed.close();
    await withDatabase(closed, async (headers) => {
      await expect503(await callRoute(workspaces, "/api/workspaces", { headers }));
    });
  });
});

describe(`repeated query parameters on ${backend}`, () => {
  it.each([
    ["usage", usage, "/api/billing/usage?workspaceId=ws_acme&workspaceId=ws_globex", "workspaceId"],
    ["audit", auditEvents, "/api/audit-events?workspaceId=ws_acme&actor=a&actor=b", "actor"],
    ["workspaces", workspaces, "/api/workspaces?search=a&search=b", "search"],
  ] as const)("%s: 400 naming the parameter", async (_, handler, path, name) => {
    const body = await expectErrorBody(await callRoute(handler, path, { as: ACCOUNTS.admin }), 400, "bad_request");
    expect(body.error.details).toEqual([{ field: name, message: expect.any(String) }]);
  });
});

describe(`what audit rows keep of the request on ${backend}`, () => {
  it("the validated query, never what else the URL carried, and the client's request id apart from the server's", async () => {
    const response = await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme&period=previous&note=ws_initech", {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": "kept-apart-0001" },
    });
    expect(response.status).toBe(200);
    const [row] = await systemDb().auditEvent.findMany({ where: { clientRequestId: "kept-apart-0001" } });
    expect(row!.requestId).toBe(response.headers.get("x-request-id"));
    expect(row!.requestId).not.toBe("kept-apart-0001");
    expect(row!.target).toMatchObject({ query: { period: "previous" } });
    expect(JSON.stringify(row)).not.toMatch(/initech/);
  });

  it("the audit download's filters, likewise", async () => {
    const response = await callRoute(
      auditExport,
      "/api/audit-events/export?workspaceId=ws_globex&action=billing.usage.viewed&x=ws_initech",
      {
        as: ACCOUNTS.admin,
        headers: { "x-request-id": "kept-apart-0002" },
      },
    );
    const records = parseCsv(await response.text());
    expect(records.length).toBeGreaterThan(0);
    const rows = await systemDb().auditEvent.findMany({ where: { clientRequestId: "kept-apart-0002" } });
    expect(rows.map((r) => r.target)).toEqual([
      { query: { action: "billing.usage.viewed" } },
      { query: { action: "billing.usage.viewed" } },
    ]);
  });

  it("shows the client's request id in the log and its CSV", async () => {
    const events = (
      await (await callRoute(auditEvents, "/api/audit-events?workspaceId=ws_globex&limit=200", { as: ACCOUNTS.admin })).json()
    ).events;
    expect(events.some((e: { clientRequestId: string | null }) => e.clientRequestId === "kept-apart-0002")).toBe(true);
    const csv = parseCsv(
      await (await callRoute(auditExport, "/api/audit-events/export?workspaceId=ws_globex", { as: ACCOUNTS.admin })).text(),
    );
    expect(csv.some((r) => r.client_request_id === "kept-apart-0002")).toBe(true);
  });
});

describe(`a chunked ingest body over the limit on ${backend}`, () => {
  it("answers 413 without reading the rest", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const total = 200 * 1024 * 1024;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new NextRequest("http://localhost:3000/api/metering/events", {
      method: "POST",
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as unknown as ConstructorParameters<typeof NextRequest>[1]); // a stream body needs duplex, not in the types yet
    const response = await ingest(request, { params: Promise.resolve({}) });
    await expectErrorBody(response, 413, "payload_too_large");
    expect(pulled).toBeGreaterThan(MAX_BODY_BYTES);
    expect(pulled).toBeLessThan(MAX_BODY_BYTES + 4 * chunk.byteLength);
  });
});
