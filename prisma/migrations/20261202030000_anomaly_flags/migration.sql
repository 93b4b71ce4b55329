-- Anomaly flags (issue 17): flags found by the detection job, their status history, budgets, and
-- what the job last examined per workspace. Privileges come from the default privileges of the
-- least-privilege roles migration, like every ordinary table.
-- CreateEnum
CREATE TYPE "AnomalyKind" AS ENUM ('spike', 'drop', 'level_shift', 'gap', 'budget');

-- CreateEnum
CREATE TYPE "AnomalySeverity" AS ENUM ('low', 'medium', 'high');

-- CreateEnum
CREATE TYPE "AnomalyStatus" AS ENUM ('open', 'acknowledged', 'resolved', 'dismissed');

-- CreateTable
CREATE TABLE "AnomalyFlag" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "productArea" TEXT,
    "kind" "AnomalyKind" NOT NULL,
    "severity" "AnomalySeverity" NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "expected" DECIMAL(38,12) NOT NULL,
    "observed" DECIMAL(38,12) NOT NULL,
    "impactAmount" DECIMAL(38,12),
    "currency" CHAR(3),
    "detectorVersion" TEXT NOT NULL,
    "periodStart" DATE,
    "threshold" INTEGER,
    "status" "AnomalyStatus" NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnomalyFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnomalyFlagChange" (
    "id" TEXT NOT NULL,
    "flagId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "fromStatus" "AnomalyStatus",
    "toStatus" "AnomalyStatus" NOT NULL,
    "note" TEXT,
    "actorId" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnomalyFlagChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Budget" (
    "workspaceId" TEXT NOT NULL,
    "amount" DECIMAL(38,12) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "thresholds" INTEGER[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "AnomalyScan" (
    "workspaceId" TEXT NOT NULL,
    "usageVersion" BIGINT NOT NULL,
    "localDay" DATE NOT NULL,
    "budgetUpdatedAt" TIMESTAMPTZ(3),
    "scannedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AnomalyScan_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateIndex
CREATE INDEX "AnomalyFlag_workspaceId_status_kind_idx" ON "AnomalyFlag"("workspaceId", "status", "kind");

-- CreateIndex
CREATE INDEX "AnomalyFlag_severity_createdAt_id_idx" ON "AnomalyFlag"("severity" DESC, "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AnomalyFlag_workspaceId_severity_createdAt_id_idx" ON "AnomalyFlag"("workspaceId", "severity" DESC, "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AnomalyFlagChange_flagId_at_idx" ON "AnomalyFlagChange"("flagId", "at");

-- AddForeignKey
ALTER TABLE "AnomalyFlag" ADD CONSTRAINT "AnomalyFlag_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnomalyFlagChange" ADD CONSTRAINT "AnomalyFlagChange_flagId_fkey" FOREIGN KEY ("flagId") REFERENCES "AnomalyFlag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

