// Each flag's lifecycle as people and the detector moved it: one read of AnomalyFlagChange for a
// page of flags, scoped to the caller's workspaces, with the actor's e-mail.
import "server-only";
import type { WorkspaceScope } from "@/lib/access/workspace-access";
import { scopedSql } from "@/lib/access/workspace-access";
import { database, Prisma } from "@/lib/db";
import type { AnomalyChange, AnomalyStatus } from "./anomaly-response";

interface ChangeRow {
  flagId: string;
  from: AnomalyStatus | null;
  to: AnomalyStatus;
  note: string | null;
  actorId: string | null;
  actorEmail: string | null;
  at: string;
}

/** Oldest change first, by flag id; a flag without recorded changes has an empty history. */
export async function flagHistories(scope: WorkspaceScope, flagIds: readonly string[]): Promise<Map<string, AnomalyChange[]>> {
  const histories = new Map<string, AnomalyChange[]>(flagIds.map((id) => [id, []]));
  if (flagIds.length === 0) return histories;
  // An array literal, as the embedded database's driver does not bind arrays; each id quoted.
  const rows = await database().query<ChangeRow>(Prisma.sql`
    SELECT c."flagId", c."fromStatus"::text AS "from", c."toStatus"::text AS "to", c.note, c."actorId", u.email AS "actorEmail",
           to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
      FROM "AnomalyFlagChange" c
      LEFT JOIN "User" u ON u.id = c."actorId"
     WHERE ${scopedSql(scope, "c")} AND c."flagId" = ANY(${arrayLiteral(flagIds)}::text[])
     ORDER BY c.at, c.id`);
  for (const { flagId, ...change } of rows) histories.get(flagId)?.push(change);
  return histories;
}

const arrayLiteral = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
