// Rebuilds a workspace's daily read model and period rollups from the retained raw events
// (npm run rebuild-usage; docs/operations-data.md#rebuilding-the-read-model, decision 0073).
// Every write is a correction added to the row as it is when written, never an absolute value:
// an event the consumer applies during the rebuild is either in the snapshot the correction was
// computed from on both sides (row and raw events) or on neither, so it is counted exactly once.
// Days before the retention horizon and imported history are refused or skipped, never wiped.
import "server-only";
import { recordAuditEvents } from "@/lib/audit/record-audit-event";
import { systemDb } from "@/lib/db";
import { DEADLOCK_DETECTED, sqlState } from "@/lib/db/sql-errors";
import { env } from "@/lib/env";
import { MAX_FUTURE_SKEW_MS } from "@/lib/metering/event-schema";
import { addDays, calendarDateIn, isValidCalendarDate, type CalendarDate } from "@/lib/periods/calendar-date";
import { rebuildChunk, type Target } from "./rebuild-usage-chunk";

export class RebuildRefused extends Error {}

export interface RebuildProgress {
  workspace: string;
  /** 1-based position of the workspace, and how many there are. */
  index: number;
  total: number;
  from: CalendarDate;
  to: CalendarDate;
  changedRows: number;
}

export interface RebuildInput {
  /** A slug, an id, or "all". */
  workspace: string;
  from: string;
  to: string;
  /** A staff account's email; when absent the run is attributed to `operator` only. */
  by?: string;
  /** Who ran it when there is no staff account (the OS user, say): kept in the audit row. */
  operator: string;
  now?: Date;
  retentionDays?: number;
  chunkDays?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface WorkspaceRebuild {
  workspace: string;
  from: CalendarDate;
  to: CalendarDate;
  changedRows: number;
  changedPeriods: number;
  /** Days left as they are because they hold imported history (decision 0062). */
  skippedImportedThrough: CalendarDate | null;
}

const RETRIES = 5;
const RETRYABLE = new Set([DEADLOCK_DETECTED, "40001"]);

export async function rebuildUsage(input: RebuildInput): Promise<WorkspaceRebuild[]> {
  const { from, to, now = new Date() } = input;
  for (const [flag, value] of [
    ["--from", from],
    ["--to", to],
  ] as const) {
    if (!isValidCalendarDate(value)) throw new RebuildRefused(`${flag} ${JSON.stringify(value)} is not a day (YYYY-MM-DD).`);
  }
  if (from > to) throw new RebuildRefused(`--from ${from} is after --to ${to}.`);
  const staff = input.by ? await systemDb().user.findUnique({ where: { email: input.by } }) : null;
  if (input.by && !staff?.staffRole) throw new RebuildRefused(`${input.by} is not a staff account.`);
  const targets = await workspacesNamed(input.workspace);
  refuseBeforeHorizon(targets, from, now, input.retentionDays ?? env().METERING_RETENTION_DAYS);

  const results: WorkspaceRebuild[] = [];
  for (const [i, workspace] of targets.entries()) {
    const result = await rebuildWorkspace(workspace, input, (chunk) =>
      input.onProgress?.({ workspace: workspace.slug, index: i + 1, total: targets.length, ...chunk }),
    );
    await recordAuditEvents(
      [
        {
          actor: staff ? { id: staff.id, email: staff.email } : null,
          workspaceId: workspace.id,
          action: "billing.usage.rebuilt",
          target: {
            from,
            to,
            changedRows: result.changedRows,
            changedPeriods: result.changedPeriods,
            skippedImportedThrough: result.skippedImportedThrough,
          },
          metadata: { operator: input.operator, role: staff?.staffRole ?? null },
        },
      ],
      systemDb(),
    );
    results.push(result);
  }
  return results;
}

async function workspacesNamed(name: string): Promise<Target[]> {
  const select = { id: true, slug: true, timeZone: true, billingAnchorDay: true } as const;
  const found =
    name === "all"
      ? await systemDb().workspace.findMany({ select, orderBy: { slug: "asc" } })
      : await systemDb().workspace.findMany({ select, where: { OR: [{ slug: name }, { id: name }] }, take: 1 });
  if (found.length === 0) throw new RebuildRefused(`No workspace ${name}.`);
  return found;
}

/** Checked for every workspace before anything is written: a refused run changes nothing. */
function refuseBeforeHorizon(targets: Target[], from: CalendarDate, now: Date, retentionDays: number): void {
  const late = targets
    .map((w) => ({ slug: w.slug, horizon: retentionHorizon(w.timeZone, now, retentionDays) }))
    .filter((w) => from < w.horizon);
  if (late.length === 0) return;
  const earliest = late
    .map((w) => w.horizon)
    .sort()
    .at(-1)!;
  throw new RebuildRefused(
    `--from ${from} reaches before the raw-event retention horizon (${retentionDays} days): events before ${earliest} ` +
      `may have been purged, and rebuilding those days would lose usage. Start at ${earliest} or later` +
      (late.length === 1 ? ` (${late[0]!.slug}).` : ` (${late.length} workspaces affected).`),
  );
}

async function rebuildWorkspace(
  workspace: Target,
  { from, to, now = new Date(), chunkDays = 31 }: RebuildInput,
  onChunk: (chunk: { from: CalendarDate; to: CalendarDate; changedRows: number }) => void,
): Promise<WorkspaceRebuild> {
  const importedThrough = await importedHistoryThrough(workspace.id);
  const start = importedThrough && importedThrough >= from ? addDays(importedThrough, 1) : from;
  const result: WorkspaceRebuild = {
    workspace: workspace.slug,
    from,
    to,
    changedRows: 0,
    changedPeriods: 0,
    skippedImportedThrough: start === from ? null : importedThrough,
  };
  for (let chunkFrom = start; chunkFrom <= to; chunkFrom = addDays(chunkFrom, chunkDays)) {
    const chunkTo = [addDays(chunkFrom, chunkDays - 1), to].sort()[0]!;
    const changed = await withRetries(() =>
      systemDb().$transaction((tx) => rebuildChunk(tx, workspace, chunkFrom, chunkTo, now), { maxWait: 15_000, timeout: 120_000 }),
    );
    result.changedRows += changed.rows;
    result.changedPeriods += changed.periods;
    onChunk({ from: chunkFrom, to: chunkTo, changedRows: changed.rows });
  }
  return result;
}

/**
 * The first day whose raw events are all still kept: purging removes events received before
 * now − retention, and an event is received at most MAX_FUTURE_SKEW_MS before it occurred.
 */
export function retentionHorizon(timeZone: string, now: Date, retentionDays: number): CalendarDate {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000 + MAX_FUTURE_SKEW_MS);
  return addDays(calendarDateIn(cutoff, timeZone), 1);
}

/** The last day any usage import wrote for the workspace (from its audit rows), if any. */
async function importedHistoryThrough(workspaceId: string): Promise<CalendarDate | null> {
  const [row] = await systemDb().$queryRaw<{ to: string | null }[]>`
    SELECT max(target->>'to') AS "to" FROM "AuditEvent"
     WHERE action = 'billing.usage.imported' AND "workspaceId" = ${workspaceId}`;
  return row?.to ?? null;
}

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      // A deadlock with a consumer batch rolls back one side as a whole; both are safe to redo.
      if (attempt >= RETRIES || !RETRYABLE.has(sqlState(error) ?? "")) throw error;
    }
  }
}
