// Stored flags brought in line with what the detector sees now, idempotently: a finding extends
// or updates the open/acknowledged flag of its area and kind whose window overlaps or touches it;
// one a person dismissed or resolved for that window is left alone; an open/acknowledged flag no
// finding matches any more is resolved as "no longer anomalous" (docs/decisions/0063).
import "server-only";
import type { WorkspaceScope } from "@/lib/access/workspace-access";
import { scopedWhere } from "@/lib/access/workspace-access";
import { db } from "@/lib/db";
import type { AnomalyFlag } from "@/lib/db/generated/client";
import { addDays, parseCalendarDate, formatCalendarDate } from "@/lib/periods/calendar-date";
import { FLAG_WRITE_TRANSACTION } from "./flag-transaction";
import type { SeriesAnomalyKind, Severity } from "./finding";
import { sameDecimal } from "./flag-values";

export const NO_LONGER_ANOMALOUS = "no longer anomalous";

/** A finding with its figures as decimal strings, ready to store. */
export interface PricedFinding {
  productArea: string;
  kind: SeriesAnomalyKind;
  severity: Severity;
  startDate: string;
  endDate: string;
  expected: string;
  observed: string;
  impactAmount: string | null;
  currency: string | null;
}

const ACTIVE = new Set(["open", "acknowledged"]);
const SERIES_KINDS: SeriesAnomalyKind[] = ["spike", "drop", "level_shift", "gap"];

const touches = (flag: AnomalyFlag, f: PricedFinding) =>
  flag.productArea === f.productArea &&
  flag.kind === f.kind &&
  f.startDate <= addDays(formatCalendarDate(flag.endDate), 1) &&
  f.endDate >= addDays(formatCalendarDate(flag.startDate), -1);

function unchanged(flag: AnomalyFlag, f: PricedFinding, detectorVersion: string): boolean {
  return (
    formatCalendarDate(flag.startDate) === f.startDate &&
    formatCalendarDate(flag.endDate) === f.endDate &&
    flag.severity === f.severity &&
    sameDecimal(flag.expected, f.expected) &&
    sameDecimal(flag.observed, f.observed) &&
    sameDecimal(flag.impactAmount, f.impactAmount) &&
    flag.currency === f.currency &&
    flag.detectorVersion === detectorVersion
  );
}

export interface SyncOutcome {
  created: number;
  updated: number;
  resolved: number;
}

/** `from`: the first day examined; flags ending before it are history and never touched. */
export async function syncFlags(
  scope: WorkspaceScope,
  workspaceId: string,
  findings: PricedFinding[],
  { from, detectorVersion, now }: { from: string; detectorVersion: string; now: Date },
): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { created: 0, updated: 0, resolved: 0 };
  await db().$transaction(async (tx) => {
    const stored = await tx.anomalyFlag.findMany({
      where: { ...scopedWhere(scope), kind: { in: SERIES_KINDS }, endDate: { gte: parseCalendarDate(addDays(from, -1)) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const matched = new Set<string>();
    for (const finding of findings) {
      const active = stored.find((flag) => ACTIVE.has(flag.status) && !matched.has(flag.id) && touches(flag, finding));
      if (active) {
        matched.add(active.id);
        if (unchanged(active, finding, detectorVersion)) continue;
        await tx.anomalyFlag.update({
          where: { id: active.id, ...scopedWhere(scope) },
          data: {
            // A lasting anomaly extends its flag: the window only grows while the flag is active.
            startDate: parseCalendarDate([formatCalendarDate(active.startDate), finding.startDate].sort()[0]!),
            endDate: parseCalendarDate([formatCalendarDate(active.endDate), finding.endDate].sort()[1]!),
            severity: finding.severity,
            expected: finding.expected,
            observed: finding.observed,
            impactAmount: finding.impactAmount,
            currency: finding.currency,
            detectorVersion,
            updatedAt: now,
          },
        });
        outcome.updated++;
        continue;
      }
      // Someone closed a flag for this window: the same anomaly is not raised again.
      if (stored.some((flag) => !ACTIVE.has(flag.status) && touches(flag, finding))) continue;
      const created = await tx.anomalyFlag.create({
        data: {
          workspaceId,
          productArea: finding.productArea,
          kind: finding.kind,
          severity: finding.severity,
          startDate: parseCalendarDate(finding.startDate),
          endDate: parseCalendarDate(finding.endDate),
          expected: finding.expected,
          observed: finding.observed,
          impactAmount: finding.impactAmount,
          currency: finding.currency,
          detectorVersion,
          createdAt: now,
          updatedAt: now,
        },
      });
      await tx.anomalyFlagChange.create({
        data: { flagId: created.id, workspaceId, fromStatus: null, toStatus: "open", actorId: null, at: now },
      });
      stored.push(created);
      matched.add(created.id);
      outcome.created++;
    }
    const stale = stored.filter((flag) => ACTIVE.has(flag.status) && !matched.has(flag.id) && formatCalendarDate(flag.endDate) >= from);
    outcome.resolved += await resolveStale(tx, scope, stale, now);
  }, FLAG_WRITE_TRANSACTION);
  return outcome;
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/** Closes the flags the figures no longer support, recording why (actor null: the detector); two statements. */
export async function resolveStale(tx: Tx, scope: WorkspaceScope, flags: AnomalyFlag[], now: Date): Promise<number> {
  if (flags.length === 0) return 0;
  await tx.anomalyFlag.updateMany({
    where: { id: { in: flags.map((flag) => flag.id) }, ...scopedWhere(scope) },
    data: { status: "resolved", updatedAt: now },
  });
  await tx.anomalyFlagChange.createMany({
    data: flags.map((flag) => ({
      flagId: flag.id,
      workspaceId: flag.workspaceId,
      fromStatus: flag.status,
      toStatus: "resolved",
      note: NO_LONGER_ANOMALOUS,
      actorId: null,
      at: now,
    })),
  });
  return flags.length;
}
