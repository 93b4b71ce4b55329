-- Budget thresholds re-arm (docs/decisions/0095-budget-thresholds-re-arm.md): a resolved or
-- dismissed budget flag holds back a new one only under the budget it was raised under and until
-- the figures fall back below its threshold; a projection's flag says the day its pace reaches it.
-- AlterTable
ALTER TABLE "AnomalyFlag" ADD COLUMN     "budgetKey" TEXT,
ADD COLUMN     "fellBelowOn" DATE,
ADD COLUMN     "reachesOn" DATE;

-- Flags raised before this: those whose threshold amount is the current budget's were raised under
-- it (its thresholds then are unknown; the current ones are assumed). The others are left without
-- a budget, so a crossing under the current one raises a new flag.
UPDATE "AnomalyFlag" f
   SET "budgetKey" = b.currency || ' ' || trim_scale(b.amount)::text || ' ' || array_to_string(b.thresholds, ',')
  FROM "Budget" b
 WHERE b."workspaceId" = f."workspaceId" AND f.kind = 'budget' AND f.currency = b.currency
   AND f.expected * 100 = b.amount * f.threshold;

-- Flags the budget check itself resolved went back under their threshold (or lost their budget):
-- a new crossing raises a new flag. The day is the resolution's, in the workspace's time zone.
UPDATE "AnomalyFlag" f
   SET "fellBelowOn" = (c.at AT TIME ZONE w."timeZone")::date
  FROM "AnomalyFlagChange" c, "Workspace" w
 WHERE c."flagId" = f.id AND w.id = f."workspaceId" AND f.kind = 'budget' AND f.status = 'resolved'
   AND c."toStatus" = 'resolved' AND c."actorId" IS NULL;
