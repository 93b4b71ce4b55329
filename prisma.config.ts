// Prisma CLI configuration. Used for `prisma generate` and, when authoring a migration, for
// `prisma migrate diff` against an in-memory PGlite shadow database (see docs/database.md).
// Migrations are applied by scripts/db-migrate.ts, never by `prisma migrate deploy`.
import { defineConfig } from "prisma/config";

// The CLI reads the datasource url even when it never connects; without one it would try to
// download a native engine.
process.env.DATABASE_URL ??= "postgresql://unused@localhost:5432/unused";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    return new PrismaPGlite(new PGlite("memory://"));
  },
});
