// The usage CSV: streamed as it is read, kept in export storage byte for byte, recorded with its
// totals and audited. All reads see one snapshot (a repeatable-read transaction, whose snapshot the
// day-row reader adopts on PostgreSQL), so the totals rows are exactly the sum of the day rows, and
// exactly what the usage API shows for the same snapshot.
import "server-only";
import { componentLogger } from "@/lib/observability/logger";
import { record } from "@/lib/observability/metrics";
import { createHash, randomUUID } from "node:crypto";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { recordLooks } from "@/lib/audit/record-looks";
import { database, db, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { computeUsageTotals, scopedRanges } from "@/lib/usage/compute-usage-report";
import { auditedUsageQuery, type UsageQuery } from "@/lib/usage/usage-query";
import type { WorkspaceRange } from "@/lib/usage/usage-sql";
import { csvCell, csvLines } from "@/lib/csv/csv";
import { copiedDayPages, dayPages, prismaPages, type DayCells } from "./day-pages";
import { exportFilename } from "./export-filename";
import { exportStorage } from "./storage";
import { streamWithBackpressure } from "@/lib/csv/stream-with-backpressure";
import { costOfUsage } from "@/lib/pricing/cost-of-usage";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import { computeProjection, MAX_PROJECTED_WORKSPACES } from "@/lib/projection/project-usage";

export const CSV_COLUMNS = [
  "row_type",
  "workspace",
  "workspace_name",
  "usage_date",
  "product_area",
  "product_area_name",
  "unit",
  "quantity",
  "source_event_count",
  // Money, on totals rows of billing-period exports only (tiers make a day's cost undefined).
  "currency",
  "amount",
];
const EXPORT_TIMEOUT_MS = 15 * 60 * 1000;

/** A summary row about one product area (of one workspace, or of all of them), in CSV_COLUMNS order. */
function areaRow(
  type: string,
  workspace: { slug: string; name: string } | null,
  area: { productArea: string; unit: string },
  catalogue: ReadonlyMap<string, string>,
  quantity: string,
  events: number | "",
  [currency, amount]: [string, string],
): (string | number)[] {
  const name = catalogue.get(area.productArea) ?? area.productArea;
  return [type, workspace?.slug ?? "", workspace?.name ?? "", "", area.productArea, name, area.unit, quantity, events, currency, amount];
}

/** A row carrying only money: a currency's total of the rows before it. */
function moneyRow(type: string, currency: string, amount: string): string[] {
  return [type, "", "", "", "", "", "", "", "", currency, amount];
}

export interface UsageExport {
  id: string;
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

export function createUsageExport({
  ctx,
  input: { query, now = new Date() },
}: DomainCall<WorkspaceContext, { query: UsageQuery; now?: Date }>): UsageExport {
  const { access, request: context } = ctx;
  const { workspaces, ranges } = scopedRanges(access, query, now, env().METERING_GRACE_HOURS);
  const id = randomUUID();
  const primary = workspaces[0]!.workspace;
  const periodStart = ranges.map((r) => r.start).sort()[0]!;
  const periodEnd = ranges
    .map((r) => r.end)
    .sort()
    .at(-1)!;
  const filename = exportFilename(
    workspaces.map((w) => w.workspace.slug),
    periodStart,
    periodEnd,
    query.productAreas,
    now,
  );
  const fileKey = `usage/${primary.id}/${now.toISOString().slice(0, 7)}/${id}.csv`;
  const storage = exportStorage();
  const encoder = new TextEncoder();
  const audited = auditedUsageQuery(query);

  // The embedded database has one connection: waiting for a slow reader inside the transaction
  // would stall every other request, so there the (small) export is buffered instead.
  const highWaterMark = database().backend === "pglite" ? Number.POSITIVE_INFINITY : 8;
  const stream = streamWithBackpressure(async (emit) => {
    // Day rows leave while the export is still being read, and its record and "exported" row
    // commit only at the end: a reader who stops early must still leave a trace, so the start is
    // recorded, and committed, before the first byte.
    await recordLooks(
      access,
      "billing.usage.export_started",
      { exportId: id, period: { start: periodStart, end: periodEnd }, query: audited, workspaceCount: ranges.length },
      context,
    );
    const writer = await storage.create(fileKey);
    const hash = createHash("sha256");
    let byteSize = 0;
    const keep = async (data: string | Uint8Array) => {
      const bytes = typeof data === "string" ? encoder.encode(data) : data;
      hash.update(bytes);
      byteSize += bytes.length;
      await writer.write(bytes);
      return bytes;
    };
    let stored = false;
    let exportedRows = 0;
    try {
      const areaList = await db().productArea.findMany();
      const catalogue = new Map(areaList.map((a) => [a.key, a.displayName]));
      const summary = await db().$transaction(
        async (tx) => {
          await emit(await keep(csvLines([CSV_COLUMNS])));
          let rowCount = 0;
          // Cells are encoded once, exactly as csvLines would encode them inside a row.
          const areas = Object.fromEntries(areaList.map((a) => [a.key, `${csvCell(a.key)},${csvCell(a.displayName)}`]));
          const units = Object.fromEntries(areaList.map((a) => [a.unit, csvCell(a.unit)]));
          type PageSource = (range: WorkspaceRange, cells: DayCells) => AsyncIterable<{ rows: number; bytes: Uint8Array }>;
          const readDays = async (pages: PageSource) => {
            for (const [index, range] of ranges.entries()) {
              const { slug, name } = workspaces[index]!.workspace;
              const prefix = `day,${csvCell(slug)},${csvCell(name)},`;
              for await (const page of pages(range, { prefix, areas, units })) {
                rowCount += page.rows;
                await emit(await keep(page.bytes));
              }
            }
          };
          const { readAtSnapshot } = database();
          if (readAtSnapshot) {
            // The day rows stream over a raw connection that shares this transaction's snapshot.
            const [exported] = await tx.$queryRaw<{ snapshot: string }[]>`SELECT pg_export_snapshot() AS snapshot`;
            await readAtSnapshot(exported!.snapshot, (client) =>
              readDays((range, cells) => copiedDayPages(client, range, query.productAreas, cells)),
            );
          } else {
            const run = prismaPages(tx);
            await readDays((range, cells) => dayPages(run, range, query.productAreas, cells));
          }
          const totals = await computeUsageTotals(access.scope, ranges, query.productAreas, tx);
          const bySlug = new Map(workspaces.map((w) => [w.workspace.id, w.workspace]));
          // The same invoice lines as the dashboard's: its money and the file's agree to the cent.
          const cost = ranges.every((r) => r.wholePeriod)
            ? await costOfUsage(access.scope, ranges, totals.totalsByWorkspace, { perWorkspace: true, client: tx })
            : null;
          const areaAmount = (productArea: string) => {
            const amounts = cost?.byArea.filter((a) => a.productArea === productArea) ?? [];
            return (amounts.length === 1 ? [amounts[0]!.currency, amounts[0]!.amount] : ["", ""]) as [string, string];
          };
          // An open period's projection, in rows marked as estimates, so they are never read as charges.
          const estimateLines = async () => {
            // Only while days are still to come: an ended period's figures are its own, late usage aside.
            const running = workspaces.some((w) => calendarDateIn(now, w.workspace.timeZone) <= w.period.end);
            if (query.range.kind !== "period" || !running || !cost) return [];
            if (workspaces.length > MAX_PROJECTED_WORKSPACES) return [];
            const { period } = query.range;
            const projection = await computeProjection(
              access,
              { period: typeof period === "string" ? period : period.month, productAreas: query.productAreas, now },
              tx,
            );
            return [
              ...projection.areas.map((a) =>
                areaRow("estimate", bySlug.get(a.workspaceId)!, a, catalogue, a.projectedQuantity, "", [
                  a.currency ?? "",
                  a.projectedAmount ?? "",
                ]),
              ),
              ...projection.totals.map((t) => moneyRow("estimate_total", t.currency, t.projectedAmount)),
            ];
          };
          const lineAmount = (workspaceId: string, productArea: string) => {
            const invoice = cost?.byWorkspace?.find((w) => w.workspaceId === workspaceId);
            const line = invoice?.lines.find((l) => l.productArea === productArea);
            return (invoice && line ? [invoice.currency, line.amount] : ["", ""]) as [string, string];
          };
          const totalLines = [
            ...totals.totals.map((t) => areaRow("total", null, t, catalogue, t.quantity, t.sourceEventCount, areaAmount(t.productArea))),
            ...(ranges.length > 1
              ? totals.totalsByWorkspace.map((t) =>
                  areaRow(
                    "workspace_total",
                    bySlug.get(t.workspaceId)!,
                    t,
                    catalogue,
                    t.quantity,
                    t.sourceEventCount,
                    lineAmount(t.workspaceId, t.productArea),
                  ),
                )
              : []),
            // One row per currency: the period's cost of everything in the file, as on the dashboard.
            ...(cost?.totals ?? []).map((t) => moneyRow("cost_total", t.currency, t.amount)),
            ...(await estimateLines()),
          ];
          const tail = await keep(csvLines(totalLines));
          await writer.close();
          stored = true;
          await tx.billingUsageExport.create({
            data: {
              id,
              workspaceId: primary.id,
              workspaceIds: ranges.map((r) => r.workspaceId),
              requestedById: access.actor.id,
              periodStart: new Date(`${periodStart}T00:00:00Z`),
              periodEnd: new Date(`${periodEnd}T00:00:00Z`),
              fileKey,
              filename,
              byteSize,
              sha256: hash.digest("hex"),
              query: {
                query: audited,
                productAreas: query.productAreas,
                ranges: ranges.map(({ workspaceId, start, end }) => ({ workspaceId, start, end })),
              },
              rowCount,
              totals: totals as unknown as Prisma.InputJsonValue,
            },
          });
          await recordLooks(
            access,
            "billing.usage.exported",
            { exportId: id, period: { start: periodStart, end: periodEnd }, query: audited, workspaceCount: ranges.length },
            context,
            { metadata: { rowCount, filename }, client: tx },
          );
          exportedRows = rowCount;
          return tail;
        },
        { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: EXPORT_TIMEOUT_MS, maxWait: 10_000 },
      );
      // The totals leave only after the export and its audit rows are committed: a complete
      // download always has its record.
      await emit(summary);
      record.export("completed", exportedRows, byteSize);
    } catch (error) {
      record.export("failed");
      // Mid-stream the response has started: this line is the failure's only trace besides the metric.
      componentLogger("exports").error({ err: error, exportId: id, requestId: context.requestId }, "export failed");
      await (stored ? storage.remove(fileKey) : writer.abort());
      throw error;
    }
  }, highWaterMark);
  return { id, filename, stream };
}
