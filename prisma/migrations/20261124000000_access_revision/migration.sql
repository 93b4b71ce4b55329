-- One number that moves, in the same transaction, with every change to who may see which
-- workspace (Membership) or to the workspaces themselves (Workspace). A process may keep the
-- result of an access lookup for as long as the number it read together with that lookup is still
-- the current one, so a revoked membership stops working on the next request.
CREATE TABLE "AccessRevision" (
  "id" SMALLINT NOT NULL DEFAULT 1,
  "revision" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "AccessRevision_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AccessRevision_single_row" CHECK ("id" = 1)
);
INSERT INTO "AccessRevision" ("id", "revision") VALUES (1, 0);

CREATE FUNCTION bump_access_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "AccessRevision" SET "revision" = "revision" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;

-- Per statement, not per row: a bulk change bumps it once.
CREATE TRIGGER "Membership_access_revision"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Membership"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_access_revision();
CREATE TRIGGER "Workspace_access_revision"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Workspace"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_access_revision();
