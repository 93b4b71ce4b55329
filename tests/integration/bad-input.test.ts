// Every endpoint answers a malformed request with 400 and the standard error body, never a 500
// or a broken stream.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditExport } from "@/app/api/audit-events/export/route";
import { GET as auditEvents } from "@/app/api/audit-events/route";
import { GET as download } from "@/app/api/billing/exports/[id]/download/route";
import { GET as exportsList } from "@/app/api/billing/exports/route";
import { GET as usageExport } from "@/app/api/billing/usage/export/route";
import { GET as usage } from "@/app/api/billing/usage/route";
import { GET as lateAdjustments } from "@/app/api/metering/late-adjustments/route";
import { GET as rejections } from "@/app/api/metering/rejections/route";
import { GET as workspaces } from "@/app/api/workspaces/route";
import { encodeTimeCursor } from "@/lib/query/time-cursor";
import { backend } from "../support/test-database";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { callRoute } from "../support/session";

beforeAll(() => seedDemoData());

const b64 = (text: string) => Buffer.from(text).toString("base64url");
type Handler = Parameters<typeof callRoute>[0];

const CASES: [string, Handler, string][] = [
  ["usage: month 13", usage, "/api/billing/usage?workspaceId=ws_acme&period=2026-13"],
  ["usage: year 500", usage, "/api/billing/usage?workspaceId=ws_acme&period=0500-01"],
  ["usage: year 50", usage, "/api/billing/usage?workspaceId=ws_acme&period=0050-01"],
  ["usage: year 9999", usage, "/api/billing/usage?workspaceId=ws_acme&period=9999-12"],
  ["usage: day 0000-01-01", usage, "/api/billing/usage?workspaceId=ws_acme&from=0000-01-01&to=0000-01-02"],
  ["usage: February 30", usage, "/api/billing/usage?workspaceId=ws_acme&from=2026-02-30&to=2026-03-02"],
  ["usage: NUL in product area", usage, "/api/billing/usage?workspaceId=ws_acme&productArea=comp%00ute"],
  ["usage: NUL in workspace id", usage, "/api/billing/usage?workspaceId=ws_ac%00me"],
  [
    "usage: month 13 in from/to beside a period",
    usage,
    "/api/billing/usage?workspaceId=ws_acme&period=2026-10&from=2026-13-01&to=2026-13-01",
  ],
  ["usage export: month 13 in from/to", usageExport, "/api/billing/usage/export?workspaceId=ws_acme&from=2026-13-01&to=2026-13-01"],
  ["usage export: year 9999", usageExport, "/api/billing/usage/export?workspaceId=ws_acme&period=9999-12"],
  ["usage export: day 0000-01-01", usageExport, "/api/billing/usage/export?workspaceId=ws_acme&from=0000-01-01&to=0000-01-02"],
  ["audit: month 13", auditEvents, "/api/audit-events?workspaceId=ws_acme&from=2024-13-45"],
  ["audit: year 0", auditEvents, "/api/audit-events?workspaceId=ws_acme&from=0000-01-01"],
  ["audit: year 9999", auditEvents, "/api/audit-events?workspaceId=ws_acme&to=9999-12-31"],
  [
    "audit: cursor with a non-UUID id",
    auditEvents,
    `/api/audit-events?workspaceId=ws_acme&cursor=${encodeTimeCursor(new Date(), "not-a-uuid")}`,
  ],
  [
    "audit: cursor far in the future",
    auditEvents,
    `/api/audit-events?workspaceId=ws_acme&cursor=${b64("+275760-09-13T00:00:00.000Z|00000000-0000-0000-0000-000000000000")}`,
  ],
  ["audit: NUL in actor", auditEvents, "/api/audit-events?workspaceId=ws_acme&actor=a%00b"],
  ["audit: NUL in action", auditEvents, "/api/audit-events?workspaceId=ws_acme&action=a%00b"],
  [
    "audit export: cursor with a non-UUID id",
    auditExport,
    `/api/audit-events/export?workspaceId=ws_acme&cursor=${encodeTimeCursor(new Date(), "nope")}`,
  ],
  ["audit export: month 13", auditExport, "/api/audit-events/export?workspaceId=ws_acme&from=2024-13-45"],
  [
    "exports: cursor far in the future",
    exportsList,
    `/api/billing/exports?workspaceId=ws_acme&cursor=${b64("+275760-09-13T00:00:00.000Z|abc")}`,
  ],
  [
    "exports: cursor with a strange id",
    exportsList,
    `/api/billing/exports?workspaceId=ws_acme&cursor=${encodeTimeCursor(new Date(), "a'b")}`,
  ],
  ["rejections: cursor beyond bigint", rejections, "/api/metering/rejections?workspaceId=ws_acme&cursor=9999999999999999999"],
  [
    "late adjustments: cursor beyond bigint",
    lateAdjustments,
    "/api/metering/late-adjustments?workspaceId=ws_acme&cursor=9999999999999999999",
  ],
  ["workspaces: NUL in search", workspaces, "/api/workspaces?search=ac%00me"],
];

describe(`malformed requests on ${backend}`, () => {
  it.each(CASES)("%s: 400 with the standard error body", async (_, handler, path) => {
    const response = await callRoute(handler, path, { as: ACCOUNTS.admin });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toEqual({
      error: { code: "bad_request", message: expect.any(String), ...(body.error.details ? { details: expect.anything() } : {}) },
    });
  });

  it("refuses a NUL in a path segment", async () => {
    const response = await callRoute(download, "/api/billing/exports/a%00b/download", { as: ACCOUNTS.admin }, { id: "a\u0000b" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("bad_request");
  });
});
