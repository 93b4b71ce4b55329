-- AlterTable
ALTER TABLE "BillingUsageExport" ADD COLUMN     "byteSize" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "filename" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sha256" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "workspaceIds" TEXT[];

-- CreateIndex
CREATE INDEX "BillingUsageExport_workspaceIds_idx" ON "BillingUsageExport" USING GIN ("workspaceIds");


-- Exports made before this migration covered their primary workspace only.
UPDATE "BillingUsageExport" SET "workspaceIds" = ARRAY["workspaceId"] WHERE "workspaceIds" IS NULL;
ALTER TABLE "BillingUsageExport" ALTER COLUMN "workspaceIds" SET NOT NULL;

-- Audit retention: the only way rows leave the trail. purge_audit_events(days) deletes rows older
-- than `days` (never fewer than 90) by setting, for its own transaction only, the cut-off that the
-- append-only trigger lets DELETE through for. UPDATE and TRUNCATE stay refused.
CREATE OR REPLACE FUNCTION "audit_event_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz;
BEGIN
  IF TG_OP = 'DELETE' THEN
    cutoff := nullif(current_setting('billing.audit_purge_before', true), '')::timestamptz;
    IF cutoff IS NOT NULL AND OLD."occurredAt" < cutoff THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'AuditEvent is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE FUNCTION "purge_audit_events"(retention_days integer) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz := now() - make_interval(days => retention_days);
  deleted bigint;
BEGIN
  IF retention_days IS NULL OR retention_days < 90 THEN
    RAISE EXCEPTION 'audit retention must be at least 90 days, got %', retention_days;
  END IF;
  PERFORM set_config('billing.audit_purge_before', cutoff::text, true);
  DELETE FROM "AuditEvent" WHERE "occurredAt" < cutoff;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  PERFORM set_config('billing.audit_purge_before', '', true);
  RETURN deleted;
END;
$$;
