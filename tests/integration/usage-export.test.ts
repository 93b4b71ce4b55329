import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as download } from "@/app/api/billing/exports/[id]/download/route";
import { GET as listExports } from "@/app/api/billing/exports/route";
import { GET as exportCsv } from "@/app/api/billing/usage/export/route";
import { GET as usage } from "@/app/api/billing/usage/route";
import { errorBodySchema } from "@/lib/api/error-response";
import { hashPassword } from "@/lib/auth/password";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { exportsPageSchema } from "@/lib/exports/export-response";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import { periodContaining } from "@/lib/periods/period";
import { backend } from "../support/test-database";
import { parseCsv, sumDays } from "../support/csv";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { expectRoleMatrix } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { parseDocumented } from "../support/documented-response";

beforeAll(async () => {
  await seedDemoData(new Date());
  // A tenant whose names try to break the CSV: commas, quotes, newlines, formula prefixes.
  await systemDb().productArea.create({
    data: { key: "evil-area", displayName: '=HYPERLINK("http://x.example","click"), "quoted"\nline two', unit: "units" },
  });
  await systemDb().workspace.create({
    data: { id: "ws_evil", slug: "evil", name: '  +Evil, Inc. "the best"', timeZone: "UTC", currency: "USD", billingAnchorDay: 1 },
  });
  const user = await systemDb().user.create({
    data: { email: "evil-admin@example.com", name: "-Eve", passwordHash: await hashPassword("x") },
  });
  await systemDb().membership.create({ data: { userId: user.id, workspaceId: "ws_evil", role: "ADMIN" } });
  await systemDb().billingUsageDaily.createMany({
    data: ["2026-01-05", "2026-01-06"].map((d, i) => ({
      workspaceId: "ws_evil",
      productArea: "evil-area",
      usageDate: new Date(`${d}T00:00:00Z`),
      quantity: `${i + 1}.000000000001`,
      unit: "units",
      sourceEventCount: 3,
    })),
  });
});

async function exported(query: string, as: string = ACCOUNTS.admin, headers: Record<string, string> = {}) {
  const response = await callRoute(exportCsv, `/api/billing/usage/export?${query}`, { as, headers });
  expect(response.status).toBe(200);
  return { response, text: await response.text() };
}

describe(`GET /api/billing/usage/export on ${backend}`, () => {
  it("follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(exportCsv, (id) => `/api/billing/usage/export?workspaceId=${id}&groupBy=productArea`, "usage:export");
  });

  it.each([
    ["workspaceId=ws_acme&period=current", ACCOUNTS.admin],
    ["workspaceId=ws_acme&period=previous&productArea=compute,gpu", ACCOUNTS.finance],
    ["workspaceId=ws_globex&period=previous", ACCOUNTS.admin],
    ["workspaceId=ws_initech&from=2026-09-01&to=2026-10-15", ACCOUNTS.initechOwner],
    ["workspaceId=ws_globex,ws_acme&period=current&productArea=compute,storage,logs", ACCOUNTS.admin],
  ])("has totals identical to the usage API's, and equal to its own day rows: %s", async (query, as) => {
    const { response, text } = await exported(query, as);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="usage-[a-z+]+-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-(all-areas|[a-z+]+)-\d{8}T\d{6}Z\.csv"$/,
    );
    expect(
      text.startsWith(
        "row_type,workspace,workspace_name,usage_date,product_area,product_area_name,unit,quantity,source_event_count,currency,amount,quantity_p10,quantity_p90,amount_p10,amount_p90,estimated_at\r\n",
      ),
    ).toBe(true);

    const api = await (await callRoute(usage, `/api/billing/usage?${query}`, { as })).json();
    const records = parseCsv(text);
    const totals = records.filter((r) => r.row_type === "total");
    expect(
      totals.map((r) => ({
        productArea: r.product_area,
        unit: r.unit,
        quantity: r.quantity,
        sourceEventCount: Number(r.source_event_count),
      })),
    ).toEqual(api.totals);
    expect(sumDays(records, (r) => r.product_area!)).toEqual(
      Object.fromEntries(
        api.totals.map((t: { productArea: string; quantity: string; sourceEventCount: number }) => [
          t.productArea,
          `${t.quantity}/${t.sourceEventCount}`,
        ]),
      ),
    );
    expect(records.filter((r) => r.row_type === "day")).toHaveLength(api.daily.length);

    const byWorkspace = records.filter((r) => r.row_type === "workspace_total");
    if (api.workspaces.length > 1) {
      const slugOf = new Map(api.workspaces.map((w: { workspaceId: string; slug: string }) => [w.workspaceId, w.slug]));
      expect(byWorkspace.map((r) => `${r.workspace}/${r.product_area}=${r.quantity}`).sort()).toEqual(
        api.totalsByWorkspace
          .map(
            (t: { workspaceId: string; productArea: string; quantity: string }) =>
              `${slugOf.get(t.workspaceId)}/${t.productArea}=${t.quantity}`,
          )
          .sort(),
      );
    } else {
      expect(byWorkspace).toEqual([]);
    }
  });

  it("starts no export for a page on another site, and does for this site or an API client", async () => {
    const path = "/api/billing/usage/export?workspaceId=ws_initech&period=current";
    const from = (site: string) => callRoute(exportCsv, path, { as: ACCOUNTS.initechOwner, headers: { "sec-fetch-site": site } });
    const crossSite = await from("cross-site");
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe("forbidden");
    for (const site of ["same-origin", "none"]) {
      const allowed = await from(site);
      expect(allowed.status).toBe(200);
      await allowed.text();
    }
    const client = await callRoute(exportCsv, path, { as: ACCOUNTS.initechOwner });
    expect(client.status).toBe(200);
    await client.text();
  });

  it("quotes per RFC 4180 and neutralises cells a spreadsheet would run as formulas", async () => {
    const { text } = await exported("workspaceId=ws_evil&from=2026-01-01&to=2026-01-31", "evil-admin@example.com");
    expect(text).toContain(`"'  +Evil, Inc. ""the best"""`);
    expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""click""), ""quoted""\nline two"`);
    const records = parseCsv(text);
    expect(records[0]).toMatchObject({
      row_type: "day",
      workspace: "evil",
      workspace_name: `'  +Evil, Inc. "the best"`,
      product_area_name: `'=HYPERLINK("http://x.example","click"), "quoted"\nline two`,
      quantity: "1.000000000001",
    });
    expect(records.at(-1)).toMatchObject({ row_type: "total", quantity: "3.000000000002", source_event_count: "6" });
    expect(text.split("\r\n").at(-1)).toBe("");
  });

  it("records the export, keeps the file, and re-downloads it byte for byte, auditing both", async () => {
    const { response, text } = await exported("workspaceId=ws_globex&period=previous", ACCOUNTS.admin, {
      "x-request-id": "export-req-0001",
    });
    const id = response.headers.get("x-export-id")!;
    const record = await systemDb().billingUsageExport.findUniqueOrThrow({ where: { id } });
    const records = parseCsv(text);
    expect(record).toMatchObject({
      workspaceId: "ws_globex",
      workspaceIds: ["ws_globex"],
      rowCount: records.filter((r) => r.row_type === "day").length,
      byteSize: Buffer.byteLength(text),
    });
    expect((record.totals as { totals: { quantity: string }[] }).totals.map((t) => t.quantity)).toEqual(
      records.filter((r) => r.row_type === "total").map((r) => r.quantity),
    );

    const again = await callRoute(
      download,
      `/api/billing/exports/${id}/download`,
      { as: ACCOUNTS.admin, headers: { "x-request-id": "export-req-0002" } },
      { id },
    );
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(text))).toBe(true);
    expect(again.headers.get("content-disposition")).toBe(response.headers.get("content-disposition"));

    const audit = await systemDb().auditEvent.findMany({
      where: { clientRequestId: { in: ["export-req-0001", "export-req-0002"] } },
      orderBy: { occurredAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.workspaceId, a.actorEmail, (a.target as { exportId: string }).exportId])).toEqual([
      ["billing.usage.export_started", "ws_globex", ACCOUNTS.admin, id],
      ["billing.usage.exported", "ws_globex", ACCOUNTS.admin, id],
      ["billing.export.downloaded", "ws_globex", ACCOUNTS.admin, id],
    ]);
  });

  it("refuses a re-download whose stored bytes no longer match", async () => {
    const { response } = await exported("workspaceId=ws_acme&period=previous&groupBy=productArea", ACCOUNTS.finance);
    const id = response.headers.get("x-export-id")!;
    const record = await systemDb().billingUsageExport.findUniqueOrThrow({ where: { id } });
    const file = path.join(env().EXPORT_DIR, record.fileKey);
    // Change the last row's last digit (whichever it is; empty cells may follow it) so the bytes differ for certain.
    const stored = await readFile(file, "utf8");
    const changed = stored.replace(/(\d)(,*)\r\n$/, (_, d: string, empty: string) => `${(Number(d) + 1) % 10}${empty}\r\n`);
    expect(changed).not.toBe(stored);
    await writeFile(file, changed);
    const tampered = await callRoute(download, `/api/billing/exports/${id}/download`, { as: ACCOUNTS.finance }, { id });
    await expect(tampered.arrayBuffer()).rejects.toThrow();
  });

  it("lets only those who may export every covered workspace download or list an export", async () => {
    const { response } = await exported("workspaceId=ws_acme,ws_globex&period=current&groupBy=productArea", ACCOUNTS.admin);
    const id = response.headers.get("x-export-id")!;
    const as = (email: string | null) => callRoute(download, `/api/billing/exports/${id}/download`, { as: email }, { id });
    expect((await as(null)).status).toBe(401);
    // Who cannot see every covered workspace is told the export does not exist, as for a wrong id.
    for (const outsider of [ACCOUNTS.member, ACCOUNTS.finance, ACCOUNTS.initechOwner]) {
      const refused = await as(outsider);
      expect(refused.status).toBe(404);
      expect(JSON.stringify(await refused.json())).not.toMatch(/ws_globex|ws_acme/);
    }
    expect((await as(ACCOUNTS.support)).status).toBe(403); // sees every workspace, may not export
    const acmeOnly = (await exported("workspaceId=ws_acme&period=current", ACCOUNTS.admin)).response.headers.get("x-export-id")!;
    const acmeAs = (email: string) => callRoute(download, `/api/billing/exports/${acmeOnly}/download`, { as: email }, { id: acmeOnly });
    expect((await acmeAs(ACCOUNTS.member)).status).toBe(403);
    expect((await acmeAs(ACCOUNTS.initechOwner)).status).toBe(404);
    const financeDownload = await acmeAs(ACCOUNTS.finance);
    expect(financeDownload.status).toBe(200);
    await financeDownload.arrayBuffer();
    const ok = await as(ACCOUNTS.admin);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    const missing = await callRoute(download, "/api/billing/exports/nope/download", { as: ACCOUNTS.admin }, { id: "nope" });
    expect(missing.status).toBe(404);
    parseDocumented(errorBodySchema, await missing.json());

    const forAdmin = await (await callRoute(listExports, "/api/billing/exports?workspaceId=ws_acme", { as: ACCOUNTS.admin })).json();
    const forFinance = await (await callRoute(listExports, "/api/billing/exports?workspaceId=ws_acme", { as: ACCOUNTS.finance })).json();
    parseDocumented(exportsPageSchema, forAdmin);
    expect(forAdmin.exports.map((e: { id: string }) => e.id)).toContain(id);
    expect(forFinance.exports.map((e: { id: string }) => e.id)).not.toContain(id);
  });

  it("lists a workspace's exports newest first, page by page, with who, when, period, rows and totals", async () => {
    await exported("workspaceId=ws_initech&period=current", ACCOUNTS.initechOwner);
    await exported("workspaceId=ws_initech&period=previous", ACCOUNTS.initechOwner);
    // A closed period inside the seeded 120 days, older than the previous one: the month of 70 days ago.
    const older = periodContaining(calendarDateIn(new Date(Date.now() - 70 * 86_400_000), "Asia/Tokyo"), 1);
    await exported(`workspaceId=ws_initech&period=${older.start.slice(0, 7)}`, ACCOUNTS.initechOwner);
    const first = await (
      await callRoute(listExports, "/api/billing/exports?workspaceId=ws_initech&limit=2", {
        as: ACCOUNTS.initechOwner,
        headers: { "x-request-id": "exports-list-0001" },
      })
    ).json();
    const looks = await systemDb().auditEvent.findMany({ where: { clientRequestId: "exports-list-0001" } });
    expect(looks.map((l) => [l.action, l.workspaceId, l.actorEmail])).toEqual([
      ["billing.exports.viewed", "ws_initech", ACCOUNTS.initechOwner],
    ]);
    parseDocumented(exportsPageSchema, first);
    expect(first.exports).toHaveLength(2);
    expect(first.exports[0]).toMatchObject({
      periodStart: older.start,
      periodEnd: older.end,
      requestedBy: { email: ACCOUNTS.initechOwner, name: "Ina Owner" },
      rowCount: expect.any(Number),
      totals: expect.arrayContaining([expect.objectContaining({ productArea: "compute" })]),
    });
    const second = await (
      await callRoute(listExports, `/api/billing/exports?workspaceId=ws_initech&limit=2&cursor=${first.nextCursor}`, {
        as: ACCOUNTS.initechOwner,
      })
    ).json();
    expect(second.exports.map((e: { id: string }) => e.id)).not.toContain(first.exports[0].id);
    expect([...first.exports, ...second.exports].length).toBeGreaterThanOrEqual(3);
  });

  it("leaves neither record nor file when the reader goes away mid-export, only the audit row of its start, and the next export works", async () => {
    // One workspace whose rows are ~2 KB each (a long name), so the export is far larger than
    // what the stream and the sockets buffer: the producer is still running when the reader leaves.
    await systemDb().workspace.create({
      data: { id: "ws_bulk", slug: "bulk", name: "Bulk ".repeat(400), timeZone: "UTC", currency: "USD", billingAnchorDay: 1 },
    });
    const admin = await systemDb().user.findUniqueOrThrow({ where: { email: ACCOUNTS.admin } });
    await systemDb().membership.create({ data: { userId: admin.id, workspaceId: "ws_bulk", role: "ADMIN" } });
    await systemDb().$executeRaw`
      INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount")
      SELECT 'ws_bulk', a.key, d::date, 1.5, a.unit, 1
        FROM "ProductArea" a CROSS JOIN generate_series('2025-06-01'::date, '2026-06-30'::date, interval '1 day') AS d`;
    const query = "workspaceId=ws_bulk&from=2025-06-01&to=2026-06-30";
    const response = await callRoute(exportCsv, `/api/billing/usage/export?${query}`, {
      as: ACCOUNTS.admin,
      headers: { "x-request-id": "export-cancel-0001" },
    });
    expect(response.status).toBe(200);
    const id = response.headers.get("x-export-id")!;
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();

    const folder = path.join(env().EXPORT_DIR, "usage", "ws_bulk");
    const filesLeft = async () =>
      (await readdir(folder, { recursive: true }).catch(() => [])).filter((f) => f.endsWith(".csv") || f.endsWith(".partial"));
    await expect.poll(filesLeft, { timeout: 10_000, interval: 50 }).toEqual([]);
    expect(await systemDb().billingUsageExport.findUnique({ where: { id } })).toBeNull();
    // Some rows did leave: who started the export, and when, stays on record.
    const trace = await systemDb().auditEvent.findMany({ where: { clientRequestId: "export-cancel-0001" } });
    expect(trace.map((t) => [t.action, t.workspaceId, t.actorEmail, (t.target as { exportId: string }).exportId])).toEqual([
      ["billing.usage.export_started", "ws_bulk", ACCOUNTS.admin, id],
    ]);

    const { text } = await exported(query);
    expect(parseCsv(text).filter((r) => r.row_type === "day")).toHaveLength(
      await systemDb().billingUsageDaily.count({ where: { workspaceId: "ws_bulk" } }),
    );
  });

  it("GET /api/billing/exports follows the permission table", async () => {
    await expectRoleMatrix(listExports, (id) => `/api/billing/exports?workspaceId=${id}`, "usage:export");
  });
});
