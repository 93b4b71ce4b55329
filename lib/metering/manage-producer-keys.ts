// Operators manage producer keys from the command line (npm run producer-keys). System work, through
// the system handle: each change and its audit row commit together, and the trigger on ProducerKey
// moves the access revision in the same transaction, so every process sees it on its next request.
// The key itself is returned once, to be printed; only its hash is stored or audited.
import "server-only";
import { recordAuditEvents } from "@/lib/audit/record-audit-event";
import type { AuditAction } from "@/lib/audit/audit-actions";
import { Prisma, systemDb } from "@/lib/db";
import { describeAttribution, type Attribution } from "@/lib/rollout/change-flag";
import { newProducerKey, PRODUCER_NAME, RESERVED_PRODUCER_NAMES } from "./producer-key";
import type { ProducerKeyResponse } from "./producer-key-response";

/** Bad input: the command says why and exits 2. */
export class ProducerKeyRefused extends Error {}

export interface NewProducerKey {
  name: string;
  areas: "all" | string[];
  workspaces: "all" | string[];
  expiresInDays?: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const SELECTED = {
  name: true,
  prefix: true,
  areas: true,
  allAreas: true,
  workspaces: true,
  allWorkspaces: true,
  createdAt: true,
  createdBy: true,
  expiresAt: true,
  revokedAt: true,
  rotatedAt: true,
  previousExpiresAt: true,
  lastUsedAt: true,
  lastUsedAddress: true,
} as const;

type Row = Prisma.ProducerKeyGetPayload<{ select: typeof SELECTED }>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A key as lists show it: never the hash. */
export function producerKeyJson(row: Row): ProducerKeyResponse {
  return {
    name: row.name,
    prefix: row.prefix,
    areas: row.allAreas ? "all" : row.areas,
    workspaces: row.allWorkspaces ? "all" : row.workspaces,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    rotatedAt: iso(row.rotatedAt),
    previousKeyExpiresAt: iso(row.previousExpiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    lastUsedAddress: row.lastUsedAddress,
  };
}

export async function listProducerKeys(): Promise<ProducerKeyResponse[]> {
  const rows = await systemDb().producerKey.findMany({ select: SELECTED, orderBy: { name: "asc" } });
  return rows.map(producerKeyJson);
}

async function checkedScope(input: NewProducerKey): Promise<void> {
  if (!PRODUCER_NAME.test(input.name))
    throw new ProducerKeyRefused("A name is 1–63 lower-case letters, digits, - or _, starting with a letter or digit.");
  if (RESERVED_PRODUCER_NAMES.includes(input.name)) throw new ProducerKeyRefused(`${input.name} is reserved.`);
  if (input.areas !== "all") {
    const known = new Set((await systemDb().productArea.findMany({ select: { key: true } })).map((a) => a.key));
    const unknown = input.areas.filter((area) => !known.has(area));
    if (unknown.length) throw new ProducerKeyRefused(`No product area ${unknown.join(", ")}.`);
  }
  if (input.workspaces !== "all") {
    const found = new Set(
      (await systemDb().workspace.findMany({ where: { id: { in: input.workspaces } }, select: { id: true } })).map((w) => w.id),
    );
    const unknown = input.workspaces.filter((id) => !found.has(id));
    if (unknown.length) throw new ProducerKeyRefused(`No workspace ${unknown.join(", ")}.`);
  }
}

function auditRow(action: AuditAction, name: string, by: Attribution, details: Prisma.InputJsonObject) {
  return {
    actor: "staff" in by ? { id: by.staff.id, email: by.staff.email } : null,
    workspaceId: null,
    action,
    target: { producer: name },
    metadata: {
      ...("staff" in by ? { role: by.staff.staffRole } : { operator: by.operator, ...(by.label && { operatorLabel: by.label }) }),
      ...details,
    },
  };
}

export async function createProducerKey(
  input: NewProducerKey,
  by: Attribution,
  now = new Date(),
): Promise<{ key: string; producer: ProducerKeyResponse }> {
  await checkedScope(input);
  const { key, prefix, hash } = newProducerKey();
  const expiresAt = input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS);
  return systemDb().$transaction(async (tx) => {
    if (await tx.producerKey.findUnique({ where: { name: input.name }, select: { id: true } }))
      throw new ProducerKeyRefused(`A producer key named ${input.name} exists (names are never reused, even once revoked).`);
    const row = await tx.producerKey.create({
      data: {
        name: input.name,
        prefix,
        hash,
        areas: input.areas === "all" ? [] : [...new Set(input.areas)],
        allAreas: input.areas === "all",
        workspaces: input.workspaces === "all" ? [] : [...new Set(input.workspaces)],
        allWorkspaces: input.workspaces === "all",
        createdAt: now,
        createdBy: describeAttribution(by),
        expiresAt,
      },
      select: SELECTED,
    });
    const producer = producerKeyJson(row);
    await recordAuditEvents(
      [
        auditRow("metering.producer.created", input.name, by, {
          prefix,
          areas: producer.areas,
          workspaces: producer.workspaces,
          expiresAt: producer.expiresAt,
        }),
      ],
      tx,
    );
    return { key, producer };
  });
}

async function liveKey(tx: Prisma.TransactionClient, name: string) {
  const [row] = await tx.$queryRaw<{ id: string; revokedAt: Date | null }[]>`
    SELECT id, "revokedAt" FROM "ProducerKey" WHERE name = ${name} FOR UPDATE`;
  if (!row) throw new ProducerKeyRefused(`No producer key named ${name}.`);
  if (row.revokedAt) throw new ProducerKeyRefused(`${name} was revoked on ${row.revokedAt.toISOString()}.`);
  return row;
}

export async function revokeProducerKey(name: string, by: Attribution, now = new Date()): Promise<ProducerKeyResponse> {
  return systemDb().$transaction(async (tx) => {
    const { id } = await liveKey(tx, name);
    const row = await tx.producerKey.update({
      where: { id },
      data: { revokedAt: now, previousHash: null, previousExpiresAt: null },
      select: SELECTED,
    });
    await recordAuditEvents([auditRow("metering.producer.revoked", name, by, { prefix: row.prefix })], tx);
    return producerKeyJson(row);
  });
}

/**
 * A new key for the same producer; the old one keeps working for `overlapHours` (0: not at all), so
 * the producer can roll out the new one without downtime. A key still in an earlier overlap is
 * cut off: at most two keys work at once.
 */
export async function rotateProducerKey(
  name: string,
  overlapHours: number,
  by: Attribution,
  now = new Date(),
): Promise<{ key: string; producer: ProducerKeyResponse }> {
  const { key, prefix, hash } = newProducerKey();
  return systemDb().$transaction(async (tx) => {
    const { id } = await liveKey(tx, name);
    const [old] = await tx.$queryRaw<{ hash: string; prefix: string }[]>`SELECT hash, prefix FROM "ProducerKey" WHERE id = ${id}`;
    const row = await tx.producerKey.update({
      where: { id },
      data: {
        prefix,
        hash,
        previousHash: overlapHours > 0 ? old!.hash : null,
        previousExpiresAt: overlapHours > 0 ? new Date(now.getTime() + overlapHours * HOUR_MS) : null,
        rotatedAt: now,
      },
      select: SELECTED,
    });
    await recordAuditEvents(
      [
        auditRow("metering.producer.rotated", name, by, {
          previousPrefix: old!.prefix,
          prefix,
          overlapHours,
          previousKeyExpiresAt: iso(row.previousExpiresAt),
        }),
      ],
      tx,
    );
    return { key, producer: producerKeyJson(row) };
  });
}
