-- The app connects as a login role that is a member of the NOLOGIN group role "billing_app" and
-- owns nothing; migrations run as the owner of every object (the role running this file). See
-- docs/database.md ("Roles") and docs/decisions.md ("Hardening: database roles").

-- Roles are cluster-wide, so several databases on one server may run this at the same moment:
-- the losers of a CREATE ROLE race get unique_violation (or duplicate_object) and carry on.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'billing_app') THEN
    CREATE ROLE billing_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END;
$$;

-- Grants are per database. Every table and sequence the owner creates from now on gets the same
-- grants by default, so a new migration needs no GRANT unless its table is append-only.
GRANT USAGE ON SCHEMA public TO billing_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO billing_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO billing_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO billing_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO billing_app;

-- The audit trail: the app appends and reads, nothing more.
REVOKE ALL ON "AuditEvent", "AuditScope" FROM billing_app;
GRANT SELECT, INSERT ON "AuditEvent", "AuditScope" TO billing_app;
-- Migration bookkeeping is the owner's business.
REVOKE ALL ON "_prisma_migrations" FROM billing_app;

-- The append-only triggers let a DELETE through only when both hold:
--  1. the current user is the table's owner. The app's role cannot become the owner: it is not a
--     member of it (no SET ROLE), cannot create a function owned by it, and cannot change a
--     function's owner. Inside purge_audit_events (SECURITY DEFINER, owned by the owner)
--     current_user is the owner; that function is the one way the app reaches this branch, and
--     it fixes the cut-off itself (never under 90 days). Whoever else is the owner (a migration)
--     or a superuser could drop the trigger anyway, so trusting them grants nothing new.
--  2. the purge's own transaction-local cut-off is set and the row is older than it, so even the
--     owner's purge removes nothing newer, and a stray DELETE by the owner is refused.
-- A setting alone proved nothing: any session may set any custom setting.
-- UPDATE and TRUNCATE are refused for everybody (a migration that must backfill disables the
-- trigger, which only the owner can do).
CREATE OR REPLACE FUNCTION "audit_event_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz;
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid = c.relowner
     WHERE c.oid = TG_RELID AND r.rolname = current_user
  ) THEN
    cutoff := nullif(pg_catalog.current_setting('billing.audit_purge_before', true), '')::timestamptz;
    IF cutoff IS NOT NULL AND OLD."occurredAt" < cutoff THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'AuditEvent is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE FUNCTION "audit_scope_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND nullif(pg_catalog.current_setting('billing.audit_purge_before', true), '') IS NOT NULL
     AND EXISTS (
       SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid = c.relowner
        WHERE c.oid = TG_RELID AND r.rolname = current_user
     ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'AuditScope is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Runs as its owner, so the app's role (which holds no DELETE on the audit tables) can purge,
-- but only through here. search_path is pinned to pg_catalog and pg_temp (last) and every table
-- is schema-qualified, so nobody can slip in their own object or operator.
CREATE OR REPLACE FUNCTION "purge_audit_events"(retention_days integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cutoff timestamptz;
  deleted bigint;
BEGIN
  IF retention_days IS NULL OR retention_days < 90 THEN
    RAISE EXCEPTION 'audit retention must be at least 90 days, got %', retention_days;
  END IF;
  cutoff := now() - make_interval(days => retention_days);
  PERFORM set_config('billing.audit_purge_before', cutoff::text, true);
  DELETE FROM public."AuditEvent" WHERE "occurredAt" < cutoff;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  DELETE FROM public."AuditScope" s WHERE NOT EXISTS (SELECT 1 FROM public."AuditEvent" e WHERE e."scopeId" = s.id);
  PERFORM set_config('billing.audit_purge_before', '', true);
  RETURN deleted;
END;
$$;
REVOKE ALL ON FUNCTION "purge_audit_events"(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "purge_audit_events"(integer) TO billing_app;
