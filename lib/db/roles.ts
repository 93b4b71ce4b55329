// The database roles (docs/database.md, "Roles"): the migration runner connects as the owner of
// every object; the app as a login role that is a member of the group role `billing_app`, which
// holds the grants (made by the migrations) and owns nothing.
import "server-only";
import { postgresSession, type SqlSession } from "./sql-session";

/** The NOLOGIN group role the migrations grant to; created by migration 20261201000000. */
export const APP_GROUP_ROLE = "billing_app";
/** The roles the setup scripts create on a server where they connect as a superuser. */
export const OWNER_LOGIN_ROLE = "billing_owner";
export const APP_LOGIN_ROLE = "billing_app_login";

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function roleName(name: string): string {
  if (!ROLE_NAME.test(name)) throw new Error(`Not a plain role name: ${name}`);
  return name;
}

/** The role a postgres:// URL logs in as. */
export function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username) || process.env.PGUSER || process.env.USER || "postgres";
}

/** The same server and database, logging in as `user` (same password, if any). */
export function withUser(url: string, user: string): string {
  const next = new URL(url);
  next.username = encodeURIComponent(user);
  return next.toString();
}

export function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

export async function isSuperuser(session: SqlSession): Promise<boolean> {
  const [row] = await session.query<{ superuser: boolean }>(
    "SELECT rolsuper AS superuser FROM pg_catalog.pg_roles WHERE rolname = current_user",
  );
  return row?.superuser === true;
}

/**
 * Roles are cluster-wide and other databases' setups may create the same ones at the same
 * moment: a lost race (unique_violation or duplicate_object) means the role is there.
 */
async function createRoleOnce(session: SqlSession, name: string, options: string): Promise<void> {
  await session.exec(`DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '${roleName(name)}') THEN
    CREATE ROLE "${name}" ${options};
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END;
$$`);
}

/** Makes `loginRole` a member of billing_app unless it is one already. */
export async function grantAppGroup(session: SqlSession, loginRole: string): Promise<void> {
  const [row] = await session.query<{ member: boolean }>("SELECT pg_catalog.pg_has_role($1, $2, 'MEMBER') AS member", [
    roleName(loginRole),
    APP_GROUP_ROLE,
  ]);
  if (row?.member) return;
  await session.exec(`DO $$
BEGIN
  GRANT ${APP_GROUP_ROLE} TO "${loginRole}";
EXCEPTION WHEN unique_violation THEN
  NULL;
END;
$$`);
}

/**
 * As a superuser: the owner login role (creates databases and the group role; may end other
 * sessions on its own test databases), the group role and the app login role in it. For
 * development, tests and CI, where authentication is trust; production creates its roles itself.
 */
export async function ensureRoles(superuser: SqlSession): Promise<{ owner: string; app: string }> {
  await createRoleOnce(superuser, OWNER_LOGIN_ROLE, "LOGIN CREATEDB CREATEROLE IN ROLE pg_signal_backend");
  await createRoleOnce(superuser, APP_GROUP_ROLE, "NOLOGIN");
  await createRoleOnce(superuser, APP_LOGIN_ROLE, "LOGIN");
  await grantAppGroup(superuser, APP_LOGIN_ROLE);
  return { owner: OWNER_LOGIN_ROLE, app: APP_LOGIN_ROLE };
}

export interface ServerRoles {
  /** Creates and drops databases: the superuser, or the owner role (CREATEDB). */
  adminUrl: string;
  ownerUrl: string;
  appUrl: string;
}

/**
 * The roles to use on a server. Two URLs naming two roles are used as they are (the owner must
 * have CREATEDB to create databases). One superuser URL (a developer's
 * `DATABASE_URL=postgresql://postgres@…`) gets the roles created. One other URL: with
 * `separateRoles: "required"` that is an error, else everything runs as that one role.
 */
export async function resolveServerRoles(
  appUrl: string,
  migrationUrl: string,
  separateRoles: "required" | "when-possible",
): Promise<ServerRoles> {
  if (userOf(appUrl) !== userOf(migrationUrl)) return { adminUrl: migrationUrl, ownerUrl: migrationUrl, appUrl };
  const admin = await postgresSession(appUrl);
  try {
    if (await isSuperuser(admin)) {
      const roles = await ensureRoles(admin);
      return { adminUrl: appUrl, ownerUrl: withUser(appUrl, roles.owner), appUrl: withUser(appUrl, roles.app) };
    }
  } finally {
    await admin.close();
  }
  if (separateRoles === "required") {
    throw new Error(
      `Need either a superuser DATABASE_URL (the roles are then created) or MIGRATION_DATABASE_URL as an owner role with CREATEDB beside DATABASE_URL as the app's login role; ${userOf(appUrl)} is neither.`,
    );
  }
  return { adminUrl: appUrl, ownerUrl: appUrl, appUrl };
}
