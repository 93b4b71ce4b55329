-- Feature flags per workspace (docs/rollout.md). One row per flag key; a missing row means `on`.
-- The app role gets its privileges through the default privileges, like every ordinary table.
CREATE TABLE "FeatureFlag" (
    "key" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "percentage" SMALLINT NOT NULL DEFAULT 0,
    "allowIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "denyIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "FeatureFlag_pkey" PRIMARY KEY ("key"),
    CONSTRAINT "FeatureFlag_mode" CHECK ("mode" IN ('off', 'internal', 'cohort', 'on')),
    CONSTRAINT "FeatureFlag_percentage" CHECK ("percentage" BETWEEN 0 AND 100)
);

-- Every request reads the access revision with its actor already: moving it with each flag change
-- makes processes drop their kept flags on their next request (docs/decisions/0070-feature-flags.md).
CREATE TRIGGER "FeatureFlag_access_revision"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "FeatureFlag"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_access_revision();
