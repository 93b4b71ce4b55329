-- CreateTable
CREATE TABLE "MeteringEvent" (
    "seq" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "eventId" VARCHAR(255) NOT NULL,
    "productArea" TEXT NOT NULL,
    "quantity" DECIMAL(38,12) NOT NULL,
    "unit" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "properties" JSONB,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),
    "usageDate" DATE,
    "lateAdjustment" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "MeteringEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "MeteringRejection" (
    "id" BIGSERIAL NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "workspaceId" TEXT,
    "eventId" TEXT,
    "position" INTEGER,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "payload" JSONB,
    "requestId" TEXT,

    CONSTRAINT "MeteringRejection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageVersion" (
    "workspaceId" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageVersion_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateIndex
CREATE INDEX "MeteringEvent_workspaceId_lateAdjustment_processedAt_idx" ON "MeteringEvent"("workspaceId", "lateAdjustment", "processedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "MeteringEvent_workspaceId_eventId_key" ON "MeteringEvent"("workspaceId", "eventId");

-- CreateIndex
CREATE INDEX "MeteringRejection_workspaceId_receivedAt_idx" ON "MeteringRejection"("workspaceId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "MeteringRejection_receivedAt_idx" ON "MeteringRejection"("receivedAt");


-- Hand-written (Prisma's schema language cannot express these). A later `prisma migrate diff`
-- proposes dropping these indexes: delete those lines from the generated SQL.
ALTER TABLE "MeteringEvent" ADD CONSTRAINT "MeteringEvent_quantity_check" CHECK ("quantity" >= 0);

-- The consumer's queue: only unprocessed events are indexed, so the index stays small.
CREATE INDEX "MeteringEvent_unprocessed_idx" ON "MeteringEvent" ("seq") WHERE "processedAt" IS NULL;
CREATE INDEX "MeteringEvent_unprocessed_workspace_idx" ON "MeteringEvent" ("workspaceId", "seq") WHERE "processedAt" IS NULL;
-- Retention deletes by arrival time; events arrive in order, so a BRIN index is enough.
CREATE INDEX "MeteringEvent_receivedAt_brin" ON "MeteringEvent" USING brin ("receivedAt");

-- The first day of the billing period containing `day`, for a period that starts on day
-- `anchor` (1-28) of each month. Mirrors lib/billing/period.ts (a test keeps them equal).
CREATE FUNCTION "billing_period_start"(day date, anchor integer) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN extract(day FROM day) >= anchor
      THEN make_date(extract(year FROM day)::int, extract(month FROM day)::int, anchor)
    ELSE (make_date(extract(year FROM day)::int, extract(month FROM day)::int, anchor) - interval '1 month')::date
  END
$$;
