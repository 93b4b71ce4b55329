-- The locale in which people read the workspace's dates (BCP 47, e.g. en-GB). A constant default:
-- PostgreSQL adds the column without rewriting the table.
ALTER TABLE "Workspace" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en-US';
