-- CreateTable
CREATE TABLE "BillingUsagePeriod" (
    "workspaceId" TEXT NOT NULL,
    "productArea" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "unit" TEXT NOT NULL,
    "quantity" DECIMAL(38,12) NOT NULL,
    "sourceEventCount" BIGINT NOT NULL,

    CONSTRAINT "BillingUsagePeriod_pkey" PRIMARY KEY ("workspaceId","periodStart","productArea")
);


-- Keeps BillingUsagePeriod equal to the sum of BillingUsageDaily per billing period, whoever
-- writes the daily rows (the consumer, the seed, a backfill). Applies the change as a delta.
CREATE FUNCTION "billing_usage_period_rollup"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  anchor integer;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT "billingAnchorDay" INTO anchor FROM "Workspace" WHERE id = OLD."workspaceId";
    IF TG_OP = 'UPDATE' AND NEW."workspaceId" = OLD."workspaceId" AND NEW."productArea" = OLD."productArea"
       AND NEW."usageDate" = OLD."usageDate" THEN
      UPDATE "BillingUsagePeriod"
         SET quantity = quantity + (NEW.quantity - OLD.quantity),
             "sourceEventCount" = "sourceEventCount" + (NEW."sourceEventCount" - OLD."sourceEventCount")
       WHERE "workspaceId" = NEW."workspaceId" AND "productArea" = NEW."productArea"
         AND "periodStart" = billing_period_start(NEW."usageDate", anchor);
      RETURN NULL;
    END IF;
    UPDATE "BillingUsagePeriod"
       SET quantity = quantity - OLD.quantity, "sourceEventCount" = "sourceEventCount" - OLD."sourceEventCount"
     WHERE "workspaceId" = OLD."workspaceId" AND "productArea" = OLD."productArea"
       AND "periodStart" = billing_period_start(OLD."usageDate", anchor);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT "billingAnchorDay" INTO anchor FROM "Workspace" WHERE id = NEW."workspaceId";
    INSERT INTO "BillingUsagePeriod" ("workspaceId", "productArea", "periodStart", unit, quantity, "sourceEventCount")
    VALUES (NEW."workspaceId", NEW."productArea", billing_period_start(NEW."usageDate", anchor), NEW.unit,
            NEW.quantity, NEW."sourceEventCount")
    ON CONFLICT ("workspaceId", "periodStart", "productArea") DO UPDATE
      SET quantity = "BillingUsagePeriod".quantity + EXCLUDED.quantity,
          "sourceEventCount" = "BillingUsagePeriod"."sourceEventCount" + EXCLUDED."sourceEventCount";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "BillingUsageDaily_period_rollup"
  AFTER INSERT OR UPDATE OR DELETE ON "BillingUsageDaily"
  FOR EACH ROW EXECUTE FUNCTION "billing_usage_period_rollup"();

-- Backfill from the daily rows that already exist.
INSERT INTO "BillingUsagePeriod" ("workspaceId", "productArea", "periodStart", unit, quantity, "sourceEventCount")
SELECT d."workspaceId", d."productArea", billing_period_start(d."usageDate", w."billingAnchorDay"), min(d.unit),
       sum(d.quantity), sum(d."sourceEventCount")
  FROM "BillingUsageDaily" d JOIN "Workspace" w ON w.id = d."workspaceId"
 GROUP BY 1, 2, 3;
