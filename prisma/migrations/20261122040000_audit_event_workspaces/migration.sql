-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "workspaceIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceIds_idx" ON "AuditEvent" USING GIN ("workspaceIds");


-- Existing events concern their one workspace. The trail is append-only, so the trigger is
-- suspended for this one backfill, inside the migration's transaction, and restored at once.
ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete";
UPDATE "AuditEvent" SET "workspaceIds" = ARRAY["workspaceId"] WHERE "workspaceId" IS NOT NULL;
ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_update_delete";
ALTER TABLE "AuditEvent" ALTER COLUMN "workspaceIds" SET NOT NULL;
