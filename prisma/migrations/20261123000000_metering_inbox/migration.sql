-- The consumer's queue moves out of "MeteringEvent" into a small inbox it deletes from
-- (docs/decisions.md, "An inbox the consumer deletes from"). Before, every applied event was
-- rewritten to set "processedAt": a second heap tuple and new entries in every index, for each
-- of millions of rows. Now ingest inserts each new event into the inbox in the same statement,
-- and the consumer claims with DELETE … RETURNING: the raw event is written once.
CREATE TABLE "MeteringInbox" (
    "seq" BIGINT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "productArea" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "quantity" DECIMAL(38,12) NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "MeteringInbox_pkey" PRIMARY KEY ("seq")
);
-- The per-workspace "data complete through" watermark: the oldest queued event of a workspace.
CREATE INDEX "MeteringInbox_workspaceId_seq_idx" ON "MeteringInbox" ("workspaceId", "seq");

-- Whatever was still queued moves over, so an upgrade loses nothing.
INSERT INTO "MeteringInbox" ("seq", "workspaceId", "productArea", "unit", "quantity", "occurredAt", "receivedAt")
SELECT "seq", "workspaceId", "productArea", "unit", "quantity", "occurredAt", "receivedAt"
  FROM "MeteringEvent" WHERE "processedAt" IS NULL;

DROP INDEX "MeteringEvent_unprocessed_idx";
DROP INDEX "MeteringEvent_unprocessed_workspace_idx";

-- The foreign key checked every inserted event against "Workspace" with a row lock: about a
-- third of the ingest INSERT's database time (scripts/trials/ingest-statements.ts). Ingest already
-- refuses unknown workspaces, and the consumer dead-letters an inbox row whose workspace has
-- gone, so no event can be stuck or applied to a workspace that does not exist.
ALTER TABLE "MeteringEvent" DROP CONSTRAINT "MeteringEvent_workspaceId_fkey";
