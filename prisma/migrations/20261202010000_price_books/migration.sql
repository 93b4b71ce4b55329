-- Price books: a workspace's prices from a day on (docs/pricing.md). One per workspace and day;
-- the app role gets its privileges through the default privileges of the least-privilege roles
-- migration, like every ordinary table.
CREATE TABLE "PriceBook" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "items" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PriceBook_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PriceBook_items_is_array" CHECK (jsonb_typeof("items") = 'array')
);

CREATE UNIQUE INDEX "PriceBook_workspaceId_effectiveFrom_key" ON "PriceBook"("workspaceId", "effectiveFrom");

ALTER TABLE "PriceBook" ADD CONSTRAINT "PriceBook_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PriceBook" ADD CONSTRAINT "PriceBook_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
