-- A day's event count for one workspace and product area passes 2^31 at about 25,000 events a
-- second sustained for a day: then every further event of that day would overflow the column
-- and be set aside by the consumer. The period table's count is already BIGINT.
ALTER TABLE "BillingUsageDaily" ALTER COLUMN "sourceEventCount" TYPE BIGINT;
