// Appends one row to the audit trail. Callers pass their transaction client when the audited
// work is itself a write, so both commit or neither does.
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/access/actor";
import type { RequestContext } from "@/lib/api/request-context";
import { database, Prisma, type PrismaClient } from "@/lib/db";

export const AUDIT_ACTIONS = [
  "billing.usage.viewed",
  "billing.usage.exported",
  "billing.export.downloaded",
  "audit.log.downloaded",
  "metering.rejections.viewed",
  "metering.late_adjustments.viewed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventInput {
  actor: Pick<Actor, "id" | "email"> | null;
  workspaceId: string | null;
  /** Every workspace concerned, when more than one (the first is `workspaceId`). */
  workspaceIds?: readonly string[];
  action: AuditAction;
  target?: Prisma.InputJsonObject;
  context?: RequestContext;
  metadata?: Prisma.InputJsonObject;
}

type Client = Pick<PrismaClient, "$executeRaw"> | Prisma.TransactionClient;

export function auditEventData(input: AuditEventInput): Prisma.AuditEventCreateManyInput {
  return {
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    workspaceId: input.workspaceId,
    workspaceIds: input.workspaceIds ? [...input.workspaceIds] : input.workspaceId ? [input.workspaceId] : [],
    action: input.action,
    target: input.target ?? {},
    requestId: input.context?.requestId ?? null,
    ip: input.context?.ip ?? null,
    userAgent: input.context?.userAgent ?? null,
    metadata: input.metadata ?? {},
  };
}

/**
 * Appends the events; a request writes exactly one, naming every workspace it concerned. Every
 * billing read does this, so it is one hot-path statement (Database.query): a Prisma model write
 * cost about 1.1 ms of CPU (docs/performance.md). Inside a transaction, pass its client.
 */
export async function recordAuditEvents(inputs: AuditEventInput[], client?: Client): Promise<void> {
  if (inputs.length === 0) return;
  const rows = JSON.stringify(inputs.map((input) => ({ id: randomUUID(), ...auditEventData(input) })));
  const insert = Prisma.sql`
    INSERT INTO "AuditEvent" (id, "actorId", "actorEmail", "workspaceId", "workspaceIds", action, target, "requestId", ip, "userAgent", metadata)
    SELECT t.id, t."actorId", t."actorEmail", t."workspaceId", t."workspaceIds", t.action, t.target, t."requestId", t.ip, t."userAgent", t.metadata
      FROM jsonb_to_recordset(${rows}::jsonb) AS t(
        id uuid, "actorId" text, "actorEmail" text, "workspaceId" text, "workspaceIds" text[], action text, target jsonb,
        "requestId" text, ip text, "userAgent" text, metadata jsonb)`;
  await (client ? client.$executeRaw(insert) : database().execute(insert));
}
