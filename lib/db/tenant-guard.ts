// Tenant isolation made loud outside production: a query on a tenant model (one with a
// `workspaceId` column) that names no workspace is refused before it reaches the database, so a
// forgotten `scopedWhere`/`scopedSql` (lib/access/workspace-access.ts) fails in development and
// in every test instead of returning another tenant's rows. System jobs (consumer, ingest,
// retention, seed, tests' own checks) use `systemDb()`/`systemDatabase()` (lib/db/index.ts).
import { Prisma, type PrismaClient } from "./generated/client";

/** Models with a `workspaceId` column, read from the generated client: a new one is guarded as it is added. */
export const TENANT_MODELS: ReadonlySet<string> = new Set(
  Object.values(Prisma.ModelName).filter((model) => {
    const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
    return fields !== undefined && "workspaceId" in fields;
  }),
);

const TENANT_TABLE = new RegExp(`"(${[...TENANT_MODELS].join("|")})"`);
/** What `scopedSql` writes into a statement: the raw-SQL check looks for it. */
export const SCOPED_SQL_MARK = "/* tenant-scoped */";
const UNSCOPED_SQL_MARK = "/* unsafe-unscoped:";

export class UnscopedQueryError extends Error {
  override name = "UnscopedQueryError";
}

/**
 * The escape for a raw statement that must run on a guarded client (a caller's transaction) yet
 * is deliberately not filtered by workspace. Say why; every use is an exception worth reviewing.
 */
export function unsafeUnscopedSql(why: string): Prisma.Sql {
  if (why.includes("*/")) throw new Error("the reason must not end the SQL comment");
  return Prisma.raw(`${UNSCOPED_SQL_MARK} ${why} */`);
}

/** Refuses a statement on a tenant table that carries neither `scopedSql` nor the explicit escape. */
export function assertScopedSql(sql: Pick<Prisma.Sql, "text">): void {
  const { text } = sql;
  if (TENANT_TABLE.test(text) && !text.includes(SCOPED_SQL_MARK) && !text.includes(UNSCOPED_SQL_MARK)) {
    throw new UnscopedQueryError(`Raw SQL on a tenant table without scopedSql(): ${text.trim().slice(0, 200)}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
// `{ in: undefined }` or `{}` filters nothing: Prisma drops it.
const isCondition = (value: unknown) => value !== undefined && (!isObject(value) || Object.values(value).some((v) => v !== undefined));

/** Whether a `where` restricts the workspace: directly, in every OR branch, in some AND part, or through a relation. */
export function namesWorkspace(where: unknown): boolean {
  if (!isObject(where)) return false;
  return Object.entries(where).some(([key, value]) => {
    if (value === undefined || key === "NOT") return false;
    if (key === "workspaceId" || key === "workspaceIds") return isCondition(value);
    if (key === "AND") return [value].flat().some(namesWorkspace);
    if (key === "OR") return Array.isArray(value) && value.length > 0 && value.every(namesWorkspace);
    return isObject(value) && namesWorkspace(value); // compound keys ({ workspaceId_eventId: … }) and relation filters
  });
}

function createsInWorkspace(data: unknown): boolean {
  const rows = [data].flat();
  return (
    rows.length > 0 &&
    rows.every((row) => isObject(row) && (isCondition(row.workspaceId) || row.workspaceId === null || isObject(row.workspace)))
  );
}

function isScoped(operation: string, args: Record<string, unknown> | undefined): boolean {
  if (operation === "create" || operation === "createMany" || operation === "createManyAndReturn") return createsInWorkspace(args?.data);
  if (operation === "upsert") return namesWorkspace(args?.where) && createsInWorkspace(args?.create);
  return namesWorkspace(args?.where);
}

/** The client with the guard installed. Query extensions leave the client's types as they are. */
export function guardTenantQueries(client: PrismaClient): PrismaClient {
  return client.$extends({
    name: "tenant-guard",
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          if (TENANT_MODELS.has(model) && !isScoped(operation, args as Record<string, unknown>)) {
            throw new UnscopedQueryError(
              `${model}.${operation} names no workspace: filter it with scopedWhere(scope), or use systemDb() in a system job.`,
            );
          }
          return query(args);
        },
      },
      $queryRaw({ args, query }) {
        assertScopedSql(args);
        return query(args);
      },
      $executeRaw({ args, query }) {
        assertScopedSql(args);
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
}
