-- Producer keys (docs/producers.md, docs/decisions/0103-producer-keys.md): each metering producer
-- holds its own key, limited to product areas and workspaces. Only a SHA-256 of the key is stored.
-- Events and rejections name the producer that sent them; rows from before have none (nullable,
-- no default: adding the columns rewrites nothing).
ALTER TABLE "MeteringEvent" ADD COLUMN "producer" TEXT;
ALTER TABLE "MeteringRejection" ADD COLUMN "producer" TEXT;

CREATE TABLE "ProducerKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "areas" TEXT[],
    "allAreas" BOOLEAN NOT NULL DEFAULT false,
    "workspaces" TEXT[],
    "allWorkspaces" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "lastUsedAddress" TEXT,
    "previousHash" TEXT,
    "previousExpiresAt" TIMESTAMPTZ(3),
    "rotatedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ProducerKey_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ProducerKey_hash_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "ProducerKey_previous_hash_hex" CHECK ("previousHash" IS NULL OR "previousHash" ~ '^[0-9a-f]{64}$')
);

CREATE UNIQUE INDEX "ProducerKey_name_key" ON "ProducerKey"("name");
CREATE UNIQUE INDEX "ProducerKey_hash_key" ON "ProducerKey"("hash");

-- Every ingest request reads the access revision: moving it with each change to a key (not with
-- the last-use columns, written up to once a minute per key) makes every process drop the keys it
-- keeps on its next request, so a revoke takes effect there at once.
CREATE TRIGGER "ProducerKey_access_revision"
  AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF "name", "hash", "areas", "allAreas", "workspaces", "allWorkspaces",
    "expiresAt", "revokedAt", "previousHash", "previousExpiresAt" ON "ProducerKey"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_access_revision();
