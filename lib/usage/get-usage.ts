// GET /api/billing/usage behind its cache: versions → cache key → cached or computed report,
// plus the per-request fields (freshness watermark, generation time) and an ETag.
import "server-only";
import { record } from "@/lib/observability/metrics";
import { createHash } from "node:crypto";
import { scopedSql, type ScopeKey, type WorkspaceAccess } from "@/lib/access/workspace-access";
import { database, Prisma, systemDatabase } from "@/lib/db";
import type { Workspace } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { oldestUnappliedSql } from "@/lib/metering/lag";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import { computeUsageReport, includedParts } from "./compute-usage-report";
import { rangeResolver, type ResolvedRange } from "@/lib/periods/resolve-range";
import { cachedOrCompute } from "./usage-cache";
import type { UsageQuery } from "./usage-query";

export interface UsageResult {
  /**
   * The response body, JSON as UTF-8, in chunks: the per-request fields, then the cached report's
   * own bytes, shared with the cache and with other responses (never change them).
   */
  bodyChunks: readonly [Buffer, Buffer];
  etag: string;
  cacheHit: boolean;
  /** The dates the first workspace's figures cover. */
  primaryPeriod: { start: string; end: string };
}

/**
 * In one round trip: a stamp that changes whenever any of the workspaces' usage changes
 * (versions only grow, so their sum and count move with every consumer write; one row back
 * however many workspaces), and the freshness watermark.
 */
export async function versionsAndWatermark(access: WorkspaceAccess, now: Date): Promise<{ versions: string; watermark: Date }> {
  if (access.scope.workspaceIds.length > LARGE_SCOPE) return unsafeRevisionAndQueueHead(now);
  const [row] = await database().query<{ n: string; total: string; oldest: Date | null }>(
    Prisma.sql`
    SELECT v.n, v.total, (${oldestUnappliedSql(access.scope)}) AS oldest
      FROM (SELECT count(*)::text AS n, coalesce(sum(version), 0)::text AS total
              FROM "UsageVersion" u WHERE ${scopedSql(access.scope, "u")}) AS v`,
    { prepared: true },
  );
  return { versions: `${row?.n ?? 0}:${row?.total ?? 0}`, watermark: row?.oldest ?? now };
}

/**
 * Beyond this many workspaces, both figures above cost a lookup per workspace on every read. The
 * report is then stamped with the revision every consumer batch moves (a batch anywhere makes it
 * rebuild, which the per-workspace period totals make cheap), and its watermark is taken at the
 * queue's head, whoever the events there are for: no later than the scope's own, so "complete
 * through" stays true. The head is the first HEAD_WINDOW events in queue order; arrival times
 * and queue order disagree only within concurrent ingest statements. Unscoped on purpose (system
 * handle): it reads two numbers, no tenant's rows.
 */
const LARGE_SCOPE = 100;
const HEAD_WINDOW = 10_000;

async function unsafeRevisionAndQueueHead(now: Date): Promise<{ versions: string; watermark: Date }> {
  const [row] = await systemDatabase().query<{ revision: string | null; oldest: Date | null }>(Prisma.sql`
    SELECT (SELECT revision::text FROM "UsageRevision" WHERE id = 1) AS revision,
           (SELECT min(head."receivedAt") FROM (SELECT "receivedAt" FROM "MeteringInbox" ORDER BY seq LIMIT ${HEAD_WINDOW}) AS head) AS oldest`);
  return { versions: `r:${row?.revision ?? 0}`, watermark: row?.oldest ?? now };
}

interface ScopeShape {
  /** Everything about the workspaces that shapes a report: ids in order, names, locales, billing cycles. */
  digest: string;
  /** The distinct billing cycles, by "time zone anchor". */
  cycles: Map<string, Workspace>;
  /** The last cache key built per query, with the resolved ranges it was built from. */
  keys: Map<string, { ranges: ResolvedRange[]; days: string; key: string; keyHash: string }>;
}

// Worked out once per scope key (its access revision and ids, which fix the workspaces' names and
// cycles), so a request over thousands of workspaces does per-cycle work, not per-workspace work,
// to find its cache entry.
const shapes = new Map<ScopeKey, ScopeShape>();
const SHAPES_KEPT = 256;
const KEYS_PER_SHAPE = 64;

function scopeShape({ scope, grants }: WorkspaceAccess): ScopeShape {
  let shape = shapes.get(scope.key);
  if (!shape) {
    const hash = createHash("sha256");
    const cycles = new Map<string, Workspace>();
    for (const { workspace } of grants) {
      const cycle = `${workspace.timeZone} ${workspace.billingAnchorDay}`;
      if (!cycles.has(cycle)) cycles.set(cycle, workspace);
      // The locale sets where weeks start (granularity=week).
      hash.update(JSON.stringify([workspace.id, workspace.slug, workspace.name, workspace.currency, workspace.locale, cycle]));
    }
    shapes.set(scope.key, (shape = { digest: hash.digest("base64url"), cycles, keys: new Map() }));
    if (shapes.size > SHAPES_KEPT) shapes.delete(shapes.keys().next().value!);
  }
  return shape;
}

/**
 * The report cache key: the workspaces' digest, each cycle's resolved range (each workspace's dates
 * follow from its cycle, which the digest fixes), filters and grouping. Resolved ranges are
 * remembered objects, so when every cycle resolves to the same object as last time the previous
 * key (and its hash) is reused instead of serialising and hashing it again.
 */
function cacheKey(shape: ScopeShape, query: UsageQuery, include: string[], resolve: (cycle: Workspace) => ResolvedRange, now: Date) {
  const ranges = [...shape.cycles.values()].map(resolve);
  const queryKey = JSON.stringify([query.range, query.productAreas, query.groupBy, include, query.compare, query.granularity]);
  // A comparison's windows move with each cycle's today, even where the range itself does not.
  const days = query.compare ? [...shape.cycles.values()].map((cycle) => calendarDateIn(now, cycle.timeZone)).join() : "";
  const last = shape.keys.get(queryKey);
  if (last && last.days === days && last.ranges.length === ranges.length && last.ranges.every((range, i) => range === ranges[i]))
    return last;
  const key = JSON.stringify({
    workspaces: shape.digest,
    ranges: [...shape.cycles.keys()].map((cycle, i) => [cycle, ranges[i]]),
    query: queryKey,
    days,
  });
  const entry = { ranges, days, key, keyHash: createHash("sha256").update(key).digest("base64url") };
  shape.keys.delete(queryKey);
  shape.keys.set(queryKey, entry);
  if (shape.keys.size > KEYS_PER_SHAPE) shape.keys.delete(shape.keys.keys().next().value!);
  return entry;
}

export async function getUsage({
  access,
  query,
  now = new Date(),
}: {
  access: WorkspaceAccess;
  query: UsageQuery;
  now?: Date;
}): Promise<UsageResult> {
  const graceHours = env().METERING_GRACE_HOURS;
  const resolve = rangeResolver(query.range, now, graceHours);
  const { key, keyHash } = cacheKey(scopeShape(access), query, includedParts(access, query), resolve, now);
  const { versions, watermark } = await versionsAndWatermark(access, now);
  const { report, hit } = await cachedOrCompute(key, versions, async () =>
    JSON.stringify(await computeUsageReport({ access, query, now, graceHours })),
  );
  const perRequest = { completeThrough: watermark.toISOString(), generatedAt: now.toISOString() };
  // The per-request fields go in front of the cached report's bytes (after its opening brace),
  // which are neither re-serialised, re-encoded nor copied.
  const bodyChunks = [Buffer.from(`${JSON.stringify(perRequest).slice(0, -1)},`), report.subarray(1)] as const;
  // With nothing queued the watermark is simply "now": leave it out of the ETag, or no two
  // responses would ever match. With a backlog, its position is part of what the client sees.
  const backlogMark = watermark.getTime() === now.getTime() ? "complete" : perRequest.completeThrough;
  const etag = `W/"${createHash("sha256").update(keyHash).update(versions).update(backlogMark).digest("base64url").slice(0, 32)}"`;
  const { start, end } = resolve(access.grants[0]!.workspace);
  record.usageCache(hit);
  return { bodyChunks, etag, cacheHit: hit, primaryPeriod: { start, end } };
}
