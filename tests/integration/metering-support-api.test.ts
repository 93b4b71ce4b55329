import { beforeAll, describe, expect, it } from "vitest";
import { GET as lateAdjustments } from "@/app/api/metering/late-adjustments/route";
import { GET as rejections } from "@/app/api/metering/rejections/route";
import { errorBodySchema } from "@/lib/api/error-response";
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { lateAdjustmentsPageSchema } from "@/lib/metering/late-adjustment-response";
import { rejectionsPageSchema } from "@/lib/metering/rejection-response";
import { backend } from "../support/test-database";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { expectRoleMatrix } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { parseDocumented } from "../support/documented-response";

const NOW = new Date("2026-11-03T12:00:00Z");

beforeAll(async () => {
  await seedDemoData(NOW);
  const items = [
    ...Array.from({ length: 5 }, (_, i) => ({
      value: { id: `bad-${i}`, workspaceId: "ws_acme", productArea: "nope", quantity: "1", occurredAt: NOW.toISOString() },
    })),
    { value: { id: "bad-g", workspaceId: "ws_globex", productArea: "compute", quantity: "-1", occurredAt: NOW.toISOString() } },
    { value: { id: "late-1", workspaceId: "ws_acme", productArea: "compute", quantity: "2", occurredAt: "2026-10-10T12:00:00Z" } },
    {
      value: { id: "late-2", workspaceId: "ws_initech", productArea: "compute", quantity: "0.0000003", occurredAt: "2026-10-10T12:00:00Z" },
    },
  ];
  await ingestEvents(items, { source: "api", now: NOW, requestId: "seed-req-1" });
  await drainQueue({ batchSize: 100, graceHours: 48, now: NOW });
});

describe(`metering support endpoints on ${backend}`, () => {
  it("GET /api/metering/rejections follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(rejections, (id) => `/api/metering/rejections?workspaceId=${id}`, "usage:view");
  });

  it("GET /api/metering/late-adjustments follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(lateAdjustments, (id) => `/api/metering/late-adjustments?workspaceId=${id}`, "usage:view");
  });

  it("lists a workspace's rejections with reasons, newest first, page by page, never another tenant's", async () => {
    const first = await (
      await callRoute(rejections, "/api/metering/rejections?workspaceId=ws_acme&limit=3", { as: ACCOUNTS.admin })
    ).json();
    parseDocumented(rejectionsPageSchema, first);
    expect(first.rejections).toHaveLength(3);
    expect(first.rejections.map((r: { eventId: string }) => r.eventId)).toEqual(["bad-4", "bad-3", "bad-2"]);
    expect(first.rejections[0]).toMatchObject({ code: "unknown_product_area", requestId: "seed-req-1", workspaceId: "ws_acme" });
    const second = await (
      await callRoute(rejections, `/api/metering/rejections?workspaceId=ws_acme&limit=3&cursor=${first.nextCursor}`, { as: ACCOUNTS.admin })
    ).json();
    expect(second.rejections.map((r: { eventId: string }) => r.eventId)).toEqual(["bad-1", "bad-0"]);
    expect(second.nextCursor).toBeNull();
  });

  it("shows support staff the late adjustments of any workspace, and audits the look", async () => {
    const response = await callRoute(lateAdjustments, "/api/metering/late-adjustments?workspaceId=ws_initech", {
      as: ACCOUNTS.support,
      headers: { "x-request-id": "support-look-0001" },
    });
    const body = parseDocumented(lateAdjustmentsPageSchema, await response.json());
    expect(body.lateAdjustments).toEqual([
      expect.objectContaining({ eventId: "late-2", quantity: "0.0000003", usageDate: "2026-10-10", workspaceId: "ws_initech" }),
    ]);
    const audit = await systemDb().auditEvent.findMany({ where: { clientRequestId: "support-look-0001" } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: "metering.late_adjustments.viewed",
        workspaceId: "ws_initech",
        actorEmail: ACCOUNTS.support,
        metadata: { role: "SUPPORT" },
      }),
    ]);
  });

  it("answers 400 naming the field for a bad cursor or limit", async () => {
    const response = await callRoute(rejections, "/api/metering/rejections?workspaceId=ws_acme&limit=0&cursor=abc", {
      as: ACCOUNTS.admin,
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    parseDocumented(errorBodySchema, body);
    expect(body.error.code).toBe("bad_request");
    expect(body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["cursor", "limit"]);
  });
});
