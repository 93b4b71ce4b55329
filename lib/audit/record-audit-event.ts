// Appends one row to the audit trail. Callers pass their transaction client when the audited
// work is itself a write, so both commit or neither does.
import type { Actor } from "@/lib/access/actor";
import type { RequestContext } from "@/lib/api/request-context";
import { db, type Prisma, type PrismaClient } from "@/lib/db";

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
  workspaceIds?: string[];
  action: AuditAction;
  target?: Prisma.InputJsonObject;
  context?: RequestContext;
  metadata?: Prisma.InputJsonObject;
}

type Client = Pick<PrismaClient, "auditEvent"> | Prisma.TransactionClient;

export function auditEventData(input: AuditEventInput): Prisma.AuditEventCreateManyInput {
  return {
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    workspaceId: input.workspaceId,
    workspaceIds: input.workspaceIds ?? (input.workspaceId ? [input.workspaceId] : []),
    action: input.action,
    target: input.target ?? {},
    requestId: input.context?.requestId ?? null,
    ip: input.context?.ip ?? null,
    userAgent: input.context?.userAgent ?? null,
    metadata: input.metadata ?? {},
  };
}

/** Appends the events; a request writes exactly one, naming every workspace it concerned. */
export async function recordAuditEvents(inputs: AuditEventInput[], client: Client = db()): Promise<void> {
  if (inputs.length === 0) return;
  await client.auditEvent.createMany({ data: inputs.map(auditEventData) });
}
