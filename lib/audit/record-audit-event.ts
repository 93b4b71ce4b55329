// Appends one row to the audit trail. Callers pass their transaction client when the audited
// work is itself a write, so both commit or neither does.
import "server-only";
import { record } from "@/lib/observability/metrics";
import { createHash, randomUUID } from "node:crypto";
import type { Actor } from "@/lib/access/actor";
import type { ScopeKey } from "@/lib/access/workspace-access";
import type { RequestContext } from "@/lib/access/domain-context";
import { database, Prisma, type PrismaClient } from "@/lib/db";
import { coalescedWriter, type CoalescedWriter } from "@/lib/db/coalesced-writes";
import { unsafeUnscopedSql } from "@/lib/db/tenant-guard";
import type { AuditAction } from "./audit-actions";

export { AUDIT_ACTIONS, type AuditAction } from "./audit-actions";

export interface AuditEventInput {
  actor: Pick<Actor, "id" | "email"> | null;
  workspaceId: string | null;
  /** Every workspace concerned, when more than one (the first is `workspaceId`). */
  workspaceIds?: readonly string[];
  /** The checked scope those ids are (its key): a long list's scope row is then worked out once per key. */
  scopeKey?: ScopeKey;
  action: AuditAction;
  target?: Prisma.InputJsonObject;
  context?: RequestContext;
  metadata?: Prisma.InputJsonObject;
}

type Client = Pick<PrismaClient, "$executeRaw"> | Prisma.TransactionClient;

/**
 * An event naming more workspaces than an explicit list may (only `workspaceId=all` does) points
 * at a shared AuditScope row instead of carrying thousands of ids
 * (docs/decisions/0016-every-read-audited.md).
 */
export const INLINE_WORKSPACE_IDS = 100;

interface ScopeRow {
  id: string;
  /** The ids as a JSON array. */
  json: string;
}

// By scope key: the ids of a scope are fixed by its key, so `all` over thousands of workspaces is
// serialised and hashed once per access revision, not on every read.
const scopeRows = new Map<ScopeKey, ScopeRow>();
const SCOPE_ROWS_KEPT = 256;

function scopeRow(workspaceIds: readonly string[], key: ScopeKey | undefined): ScopeRow {
  const kept = key && scopeRows.get(key);
  if (kept) return kept;
  const json = JSON.stringify(workspaceIds);
  const row = { id: createHash("sha256").update(json).digest("base64url"), json };
  if (key) {
    scopeRows.set(key, row);
    if (scopeRows.size > SCOPE_ROWS_KEPT) scopeRows.delete(scopeRows.keys().next().value!);
  }
  return row;
}

function auditEventData(input: AuditEventInput, scope: ScopeRow | null) {
  return {
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    workspaceId: input.workspaceId,
    workspaceIds: scope ? [] : input.workspaceIds ? [...input.workspaceIds] : input.workspaceId ? [input.workspaceId] : [],
    scopeId: scope?.id ?? null,
    action: input.action,
    target: input.target ?? {},
    requestId: input.context?.requestId ?? null,
    clientRequestId: input.context?.clientRequestId ?? null,
    ip: input.context?.ip ?? null,
    userAgent: input.context?.userAgent ?? null,
    metadata: input.metadata ?? {},
  };
}

/**
 * Appends the events; a request writes exactly one, naming every workspace it concerned. Every
 * billing read does this, so it is hot-path SQL (Database.execute): a Prisma model write cost
 * about 1.1 ms of CPU (docs/performance.md). Outside a transaction, concurrent requests' rows are
 * group-committed (lib/db/coalesced-writes.ts): one statement and one commit for all of them,
 * and each caller still returns only once its own rows are committed. Inside a transaction,
 * pass its client: the rows then commit or roll back with it.
 */
export async function recordAuditEvents(inputs: AuditEventInput[], client?: Client): Promise<void> {
  if (inputs.length === 0) return;
  if (client) await client.$executeRaw(insertStatement(inputs).statement);
  else await auditWriter().submit(inputs);
  record.auditRows(inputs.length);
}

const globalForAudit = globalThis as unknown as { auditWriter?: CoalescedWriter<AuditEventInput[]> };

function auditWriter(): CoalescedWriter<AuditEventInput[]> {
  return (globalForAudit.auditWriter ??= coalescedWriter(async (calls) => {
    const inputs = calls.flat();
    const { statement, newScopes } = insertStatement(inputs);
    await database().execute(statement, { prepared: true });
    // Committed (no caller's transaction could still roll it back): later events skip the insert.
    for (const id of newScopes) writtenScopes.set(id, Date.now());
    if (writtenScopes.size > WRITTEN_SCOPES_KEPT) writtenScopes.delete(writtenScopes.keys().next().value!);
  }));
}

function insertStatement(inputs: AuditEventInput[]): { statement: Prisma.Sql; newScopes: string[] } {
  const scopes = new Map<string, string>();
  const rows = JSON.stringify(
    inputs.map((input) => {
      const scope = (input.workspaceIds?.length ?? 0) > INLINE_WORKSPACE_IDS ? scopeRow(input.workspaceIds!, input.scopeKey) : null;
      if (scope) scopes.set(scope.id, scope.json);
      return { id: randomUUID(), ...auditEventData(input, scope) };
    }),
  );
  // The scope row is written with the first event that needs it; later ones find it there.
  const unwritten = [...scopes].filter(([id]) => !recentlyWritten(id));
  const withScopes =
    unwritten.length === 0
      ? Prisma.empty
      : Prisma.sql`WITH scopes AS (
          INSERT INTO "AuditScope" (id, "workspaceIds")
          SELECT s.id, s."workspaceIds"
            FROM jsonb_to_recordset(${`[${unwritten.map(([id, json]) => `{"id":${JSON.stringify(id)},"workspaceIds":${json}}`).join(",")}]`}::jsonb)
                 AS s(id text, "workspaceIds" text[])
          ON CONFLICT (id) DO NOTHING)`;
  // Appending is not a tenant read: the rows name the checked scope's workspaces, or none (sign-in).
  const insert = Prisma.sql`${unsafeUnscopedSql("audit append")}${withScopes}
    INSERT INTO "AuditEvent" (id, "actorId", "actorEmail", "workspaceId", "workspaceIds", "scopeId", action, target, "requestId", "clientRequestId", ip, "userAgent", metadata)
    SELECT t.id, t."actorId", t."actorEmail", t."workspaceId", t."workspaceIds", t."scopeId", t.action, t.target, t."requestId", t."clientRequestId", t.ip, t."userAgent", t.metadata
      FROM jsonb_to_recordset(${rows}::jsonb) AS t(
        id uuid, "actorId" text, "actorEmail" text, "workspaceId" text, "workspaceIds" text[], "scopeId" text, action text, target jsonb,
        "requestId" text, "clientRequestId" text, ip text, "userAgent" text, metadata jsonb)`;
  return { statement: insert, newScopes: unwritten.map(([id]) => id) };
}

// Scope rows this process has committed, and when. A row only leaves with the last event naming
// it, after at least 90 days of retention, so one written within a day is certainly still there;
// after that it is offered again (ON CONFLICT DO NOTHING) rather than trusted from memory.
const writtenScopes = new Map<string, number>();
const TRUST_WRITTEN_MS = 86_400_000;
const WRITTEN_SCOPES_KEPT = 1_000;

function recentlyWritten(id: string): boolean {
  const at = writtenScopes.get(id);
  if (at === undefined) return false;
  if (Date.now() - at < TRUST_WRITTEN_MS) return true;
  writtenScopes.delete(id);
  return false;
}
