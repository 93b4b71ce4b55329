// GET /api/billing/usage behind its cache: versions → cache key → cached or computed report,
// plus the per-request fields (freshness watermark, generation time) and an ETag.
import { createHash } from "node:crypto";
import type { WorkspaceAccess } from "@/lib/access/workspace-access";
import { database, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { oldestUnappliedSql } from "@/lib/metering/lag";
import { computeUsageReport, includedParts } from "./compute-usage-report";
import { rangeResolver } from "./resolve-range";
import { cachedOrCompute } from "./usage-cache";
import type { UsageQuery } from "./usage-query";

export interface UsageResult {
  /** The response body: JSON, as UTF-8 bytes. */
  body: Buffer<ArrayBuffer>;
  etag: string;
  cacheHit: boolean;
  /** The dates each workspace's figures cover. */
  periods: Map<string, { start: string; end: string }>;
}

/**
 * In one round trip: a stamp that changes whenever any of the workspaces' usage changes
 * (versions only grow, so their sum and count move with every consumer write; one row back
 * however many workspaces), and the freshness watermark.
 */
async function versionsAndWatermark(access: WorkspaceAccess, now: Date): Promise<{ versions: string; watermark: Date }> {
  const [row] = await database().query<{ n: string; total: string; oldest: Date | null }>(Prisma.sql`
    SELECT v.n, v.total, (${oldestUnappliedSql(access.scope)}) AS oldest
      FROM (SELECT count(*)::text AS n, coalesce(sum(version), 0)::text AS total
              FROM "UsageVersion" WHERE "workspaceId" = ANY(${[...access.scope.workspaceIds]}::text[])) AS v`);
  return { versions: `${row?.n ?? 0}:${row?.total ?? 0}`, watermark: row?.oldest ?? now };
}

export async function getUsage({ access, query, now = new Date() }: { access: WorkspaceAccess; query: UsageQuery; now?: Date }): Promise<UsageResult> {
  const graceHours = env().METERING_GRACE_HOURS;
  const resolve = rangeResolver(query.range, now, graceHours);
  const ranges = access.grants.map(({ workspace }) => [workspace.id, resolve(workspace)] as const);
  const key = JSON.stringify({
    ranges,
    productAreas: query.productAreas,
    groupBy: query.groupBy,
    include: includedParts(access, query),
  });
  const { versions, watermark } = await versionsAndWatermark(access, now);
  const { report, hit } = await cachedOrCompute(key, versions, async () =>
    JSON.stringify(await computeUsageReport({ access, query, now, graceHours })),
  );
  const perRequest = { completeThrough: watermark.toISOString(), generatedAt: now.toISOString() };
  // Splice the per-request fields in front of the cached report's bytes (after its opening
  // brace) instead of re-serialising or re-encoding it.
  const body = Buffer.concat([Buffer.from(`${JSON.stringify(perRequest).slice(0, -1)},`), report.subarray(1)]);
  // With nothing queued the watermark is simply "now": leave it out of the ETag, or no two
  // responses would ever match. With a backlog, its position is part of what the client sees.
  const backlogMark = watermark.getTime() === now.getTime() ? "complete" : perRequest.completeThrough;
  const etag = `W/"${createHash("sha256").update(key).update(versions).update(backlogMark).digest("base64url").slice(0, 32)}"`;
  const periods = new Map(ranges.map(([id, { start, end }]) => [id, { start, end }]));
  return { body, etag, cacheHit: hit, periods };
}
