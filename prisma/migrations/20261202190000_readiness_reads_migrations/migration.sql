-- Readiness (GET /api/health/ready) compares the applied migrations with the release's folders.
-- The app's role may read which migrations finished, nothing else of the bookkeeping table
-- (no checksums, no logs, no writes). docs/decisions/0067-readiness-reads-migration-names.md
GRANT SELECT (migration_name, finished_at, rolled_back_at) ON "_prisma_migrations" TO billing_app;
