-- Budget flags say which figure crossed their threshold (the cost so far or the projected invoice)
-- and the workspace's day it did (docs/decisions/0080-budget-amounts-and-flags.md).
-- CreateEnum
CREATE TYPE "BudgetFigure" AS ENUM ('to_date', 'projection');

-- AlterTable
ALTER TABLE "AnomalyFlag" ADD COLUMN     "crossedBy" "BudgetFigure",
ADD COLUMN     "crossedOn" DATE;

-- Flags raised before this: crossed on the day they were raised, in their workspace's time zone.
-- The figure is left unknown; the next budget check names it.
UPDATE "AnomalyFlag" f
   SET "crossedOn" = (f."createdAt" AT TIME ZONE w."timeZone")::date
  FROM "Workspace" w
 WHERE w.id = f."workspaceId" AND f.kind = 'budget';
