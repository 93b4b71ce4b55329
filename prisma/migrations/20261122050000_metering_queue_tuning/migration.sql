-- Late adjustments are rare and listed newest first per workspace: a small partial index serves
-- that listing, instead of a full index every ingest INSERT and every consumer UPDATE must maintain.
DROP INDEX "MeteringEvent_workspaceId_lateAdjustment_processedAt_idx";
CREATE INDEX "MeteringEvent_late_adjustment_idx" ON "MeteringEvent" ("workspaceId", seq DESC) WHERE "lateAdjustment";

-- Every queued event belongs to an existing workspace: the consumer joins events to their
-- workspace after claiming them, so an orphan would otherwise stay claimable forever.
ALTER TABLE "MeteringEvent" ADD CONSTRAINT "MeteringEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
