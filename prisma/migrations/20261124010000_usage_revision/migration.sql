-- One number that every consumer batch moves, in its own transaction, after the per-workspace
-- versions. Reports over very many workspaces are stamped with it instead of summing thousands of
-- per-workspace versions on every read.
CREATE TABLE "UsageRevision" (
  "id" SMALLINT NOT NULL DEFAULT 1,
  "revision" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "UsageRevision_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "UsageRevision_single_row" CHECK ("id" = 1)
);
INSERT INTO "UsageRevision" ("id", "revision") VALUES (1, 0);
