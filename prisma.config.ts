// Prisma CLI configuration. Used for `prisma generate` and, when authoring a migration, for
// `prisma migrate diff` against an in-memory PGlite shadow database (see docs/database.md).
// Migrations are applied by scripts/db-migrate.ts, never by `prisma migrate deploy`.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

// The CLI reads the datasource url even when it never connects; without one it would try to
// download a native engine.
process.env.DATABASE_URL ??= "postgresql://unused@localhost:5432/unused";

// pglite-prisma-adapter 0.6.1 runs migration scripts without awaiting them (failures go
// unreported) and sends parameterless multi-statement SQL through the extended protocol, which
// refuses it (our migrations define plpgsql functions). These adapters run both through
// PGlite's simple-protocol exec instead.
class AwaitingPGliteFactory extends PrismaPGlite {
  constructor(private readonly db: PGlite) {
    super(db);
  }
  override async connect() {
    return withAwaitedScripts(await super.connect(), this.db);
  }
  override async connectToShadowDb() {
    const shadow = new PGlite("memory://");
    return withAwaitedScripts(await new PrismaPGlite(shadow).connect(), shadow);
  }
}

type Adapter = Awaited<ReturnType<PrismaPGlite["connect"]>>;

function withAwaitedScripts(adapter: Adapter, db: PGlite): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeScript = async (script) => {
    await db.exec(script);
  };
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    const results = await db.exec(query.sql);
    return results.reduce((sum, result) => sum + (result.affectedRows ?? 0), 0);
  };
  return adapter;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    return new AwaitingPGliteFactory(new PGlite("memory://"));
  },
});
