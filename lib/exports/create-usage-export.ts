// The usage CSV: streamed as it is read, kept in export storage byte for byte, recorded with its
// totals and audited. All reads see one snapshot (a repeatable-read transaction, whose snapshot the
// day-row reader adopts on PostgreSQL), so the totals rows are exactly the sum of the day rows, and
// exactly what the usage API shows for the same snapshot.
import "server-only";
import { componentLogger } from "@/lib/observability/logger";
import { record } from "@/lib/observability/metrics";
import { randomUUID } from "node:crypto";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { auditRequest } from "@/lib/audit/audit-request";
import { database, db, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { computeUsageTotals, scopedRanges, type ScopedRanges } from "@/lib/usage/compute-usage-report";
import { auditedUsageQuery, type UsageQuery } from "@/lib/usage/usage-query";
import { csvLines } from "@/lib/csv/csv";
import { streamWithBackpressure } from "@/lib/csv/stream-with-backpressure";
import { writeDayRows } from "./day-rows";
import { exportFilename } from "./export-filename";
import { keptFile, type KeptFile } from "./kept-file";
import { exportStorage, type ExportStorage } from "./storage";
import { CSV_COLUMNS } from "./csv-columns";
import { summaryRows } from "./summary-rows";
import { parseCalendarDate } from "@/lib/periods/calendar-date";

const EXPORT_TIMEOUT_MS = 15 * 60 * 1000;

export interface UsageExport {
  id: string;
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

/** Everything decided before the first byte: what is exported, and under which names. */
interface ExportPlan {
  id: string;
  query: UsageQuery;
  now: Date;
  scoped: ScopedRanges;
  audited: Record<string, string>;
  period: { start: string; end: string };
  filename: string;
  fileKey: string;
}

type Emit = (chunk: Uint8Array) => Promise<void>;

export function createUsageExport({
  ctx,
  input: { query, now = new Date() },
}: DomainCall<WorkspaceContext, { query: UsageQuery; now?: Date }>): UsageExport {
  const plan = exportPlan(ctx, query, now);
  const storage = exportStorage();
  // The embedded database has one connection: waiting for a slow reader inside the transaction
  // would stall every other request, so there the (small) export is buffered instead.
  const highWaterMark = database().backend === "pglite" ? Number.POSITIVE_INFINITY : 8;
  const stream = streamWithBackpressure((emit) => runExport(ctx, plan, storage, emit), highWaterMark);
  return { id: plan.id, filename: plan.filename, stream };
}

function exportPlan({ access }: WorkspaceContext, query: UsageQuery, now: Date): ExportPlan {
  const scoped = scopedRanges(access, query, now, env().METERING_GRACE_HOURS);
  const { workspaces, ranges } = scoped;
  const id = randomUUID();
  const start = ranges.map((r) => r.start).sort()[0]!;
  const end = ranges
    .map((r) => r.end)
    .sort()
    .at(-1)!;
  const slugs = workspaces.map((w) => w.workspace.slug);
  const filename = exportFilename(slugs, start, end, query.productAreas, now);
  const fileKey = `usage/${workspaces[0]!.workspace.id}/${now.toISOString().slice(0, 7)}/${id}.csv`;
  return { id, query, now, scoped, audited: auditedUsageQuery(query), period: { start, end }, filename, fileKey };
}

const auditTarget = (plan: ExportPlan) => ({
  exportId: plan.id,
  period: plan.period,
  query: plan.audited,
  workspaceCount: plan.scoped.ranges.length,
});

async function runExport(ctx: WorkspaceContext, plan: ExportPlan, storage: ExportStorage, emit: Emit): Promise<void> {
  // Day rows leave while the export is still being read, and its record and "exported" row
  // commit only at the end: a reader who stops early must still leave a trace, so the start is
  // recorded, and committed, before the first byte.
  await auditRequest(ctx.access, "billing.usage.export_started", auditTarget(plan), ctx.request);
  const file = await keptFile(storage, plan.fileKey);
  try {
    const areaList = await db().productArea.findMany();
    const { tail, rowCount } = await db().$transaction((tx) => writeExport(tx, ctx, plan, { file, emit, areaList }), {
      isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
      timeout: EXPORT_TIMEOUT_MS,
      maxWait: 10_000,
    });
    // The totals leave only after the export and its audit rows are committed: a complete
    // download always has its record.
    await emit(tail);
    record.export("completed", rowCount, file.byteSize);
  } catch (error) {
    record.export("failed");
    // Mid-stream the response has started: this line is the failure's only trace besides the metric.
    componentLogger("exports").error({ err: error, exportId: plan.id, requestId: ctx.request.requestId }, "export failed");
    await file.discard();
    throw error;
  }
}

interface ExportOutput {
  file: KeptFile;
  emit: Emit;
  areaList: { key: string; displayName: string; unit: string }[];
}

/** Header and day rows sent, summary rows kept, the file closed and recorded: all in one snapshot. */
async function writeExport(tx: Prisma.TransactionClient, ctx: WorkspaceContext, plan: ExportPlan, output: ExportOutput) {
  const { access } = ctx;
  const { query, scoped } = plan;
  const { file, emit, areaList } = output;
  const send = async (data: string | Uint8Array) => emit(await file.keep(data));
  await send(csvLines([CSV_COLUMNS]));
  const rowCount = await writeDayRows(tx, { ...scoped, productAreas: query.productAreas, areaList }, send);
  const totals = await computeUsageTotals(access.scope, scoped.ranges, query.productAreas, tx);
  const labels = {
    catalogue: new Map(areaList.map((a) => [a.key, a.displayName])),
    workspaceById: new Map(scoped.workspaces.map((w) => [w.workspace.id, w.workspace])),
  };
  const rows = await summaryRows({ access, query, now: plan.now, scoped, totals, labels }, tx);
  const tail = await file.keep(csvLines(rows));
  await file.close();
  await recordExport(tx, ctx, plan, { file, rowCount, totals });
  return { tail, rowCount };
}

/** The export's record and its "exported" audit row, committed with the snapshot's reads. */
async function recordExport(
  tx: Prisma.TransactionClient,
  { access, request }: WorkspaceContext,
  plan: ExportPlan,
  { file, rowCount, totals }: { file: KeptFile; rowCount: number; totals: object },
): Promise<void> {
  const { ranges } = plan.scoped;
  await tx.billingUsageExport.create({
    data: {
      id: plan.id,
      workspaceId: ranges[0]!.workspaceId,
      workspaceIds: ranges.map((r) => r.workspaceId),
      requestedById: access.actor.id,
      periodStart: parseCalendarDate(plan.period.start),
      periodEnd: parseCalendarDate(plan.period.end),
      fileKey: plan.fileKey,
      filename: plan.filename,
      byteSize: file.byteSize,
      sha256: file.sha256(),
      query: {
        query: plan.audited,
        productAreas: plan.query.productAreas,
        ranges: ranges.map(({ workspaceId, start, end }) => ({ workspaceId, start, end })),
      },
      rowCount,
      totals: totals as unknown as Prisma.InputJsonValue,
    },
  });
  const metadata = { rowCount, filename: plan.filename };
  await auditRequest(access, "billing.usage.exported", auditTarget(plan), request, { metadata, client: tx });
}
