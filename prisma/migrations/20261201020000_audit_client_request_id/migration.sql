-- The x-request-id a client sent, kept apart from this server's own request id (requestId).
-- A nullable column without a default: adding it rewrites nothing, and the append-only trigger
-- (UPDATE/DELETE/TRUNCATE) is not involved.
ALTER TABLE "AuditEvent" ADD COLUMN "clientRequestId" TEXT;
