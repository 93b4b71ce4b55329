-- A second counter beside the usage version, moved only when a day before the workspace's today
-- changes (late events, imports, price books): a projection's costly part depends on those days
-- alone and is kept while only today's usage grows.
ALTER TABLE "UsageVersion" ADD COLUMN "historyVersion" BIGINT NOT NULL DEFAULT 0;
