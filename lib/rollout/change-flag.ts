// Staff change a flag from the command line (npm run flags). System work, through the system handle:
// the new state and its audit row commit together. The trigger on FeatureFlag moves the access
// revision in the same transaction, so every process sees the change on its next request.
import "server-only";
import { hostname, userInfo } from "node:os";
import { recordAuditEvents } from "@/lib/audit/record-audit-event";
import { Prisma, systemDb } from "@/lib/db";
import { type FlagKey, type FlagMode, type FlagState } from "./flags";

/** Bad input: the command says why and exits 2. */
export class FlagRefused extends Error {}

/**
 * Who made the change: a staff account (`--by`), or the OS account the command ran as
 * (`os:<user>@<host>`, as the rebuild records it), with BILLING_OPERATOR's label when set.
 */
export type Attribution = { staff: { id: string; email: string; staffRole: string } } | { operator: string; label?: string };

export type FlagChange =
  { kind: "set"; mode: FlagMode; percentage?: number } | { kind: "allow" | "deny" | "unallow" | "undeny"; workspaces: readonly string[] };

export async function attribution(by: string | undefined, operator: { operator: string; label?: string }): Promise<Attribution> {
  if (by === undefined) return operator;
  const staff = await systemDb().user.findUnique({ where: { email: by }, select: { id: true, email: true, staffRole: true } });
  if (!staff?.staffRole) throw new FlagRefused(`${by} is not a staff account.`);
  return { staff: { ...staff, staffRole: staff.staffRole } };
}

/** Slugs or ids → ids, in the order given; every one must exist. */
async function workspaceIds(keys: readonly string[]): Promise<{ id: string; slug: string }[]> {
  const found = await systemDb().workspace.findMany({
    where: { OR: [{ slug: { in: [...keys] } }, { id: { in: [...keys] } }] },
    select: { id: true, slug: true },
  });
  const unknown = keys.filter((key) => !found.some((w) => w.id === key || w.slug === key));
  if (unknown.length) throw new FlagRefused(`No workspace ${unknown.join(", ")}.`);
  const ids = keys.map((key) => found.find((w) => w.id === key || w.slug === key)!);
  return [...new Map(ids.map((w) => [w.id, w])).values()];
}

function applied(before: FlagState, change: FlagChange, ids: readonly string[]): FlagState {
  const add = (list: readonly string[]) => [...new Set([...list, ...ids])];
  const remove = (list: readonly string[]) => list.filter((id) => !ids.includes(id));
  switch (change.kind) {
    case "set": {
      const percentage = change.percentage ?? (change.mode === "cohort" ? before.percentage : 0);
      return { ...before, mode: change.mode, percentage };
    }
    // A workspace is on at most one list: allowing one takes it off the deny-list, and back.
    case "allow":
      return { ...before, allowIds: add(before.allowIds), denyIds: remove(before.denyIds) };
    case "deny":
      return { ...before, denyIds: add(before.denyIds), allowIds: remove(before.allowIds) };
    case "unallow":
      return { ...before, allowIds: remove(before.allowIds) };
    case "undeny":
      return { ...before, denyIds: remove(before.denyIds) };
  }
}

const stateJson = (state: FlagState): Prisma.InputJsonObject => ({
  mode: state.mode,
  percentage: state.percentage,
  allowIds: [...state.allowIds],
  denyIds: [...state.denyIds],
});

export const describeAttribution = (by: Attribution) =>
  "staff" in by ? by.staff.email : by.label ? `${by.label} (${by.operator})` : by.operator;

export async function changeFlag(key: FlagKey, change: FlagChange, by: Attribution): Promise<{ before: FlagState; after: FlagState }> {
  const named = change.kind === "set" ? [] : await workspaceIds(change.workspaces);
  const ids = named.map((w) => w.id);
  const updatedBy = describeAttribution(by);
  return systemDb().$transaction(async (tx) => {
    // The row as it stands (a missing one is `on`), locked: concurrent changes apply one after another.
    await tx.$executeRaw`
      INSERT INTO "FeatureFlag" (key, mode, "updatedBy") VALUES (${key}, 'on', ${updatedBy}) ON CONFLICT (key) DO NOTHING`;
    const before = await lockedFlag(tx, key);
    const after = applied(before, change, ids);
    await tx.$executeRaw`
      INSERT INTO "FeatureFlag" (key, mode, percentage, "allowIds", "denyIds", "updatedAt", "updatedBy")
      VALUES (${key}, ${after.mode}, ${after.percentage}, ${[...after.allowIds]}::text[], ${[...after.denyIds]}::text[], now(), ${updatedBy})
      ON CONFLICT (key) DO UPDATE SET mode = EXCLUDED.mode, percentage = EXCLUDED.percentage, "allowIds" = EXCLUDED."allowIds",
        "denyIds" = EXCLUDED."denyIds", "updatedAt" = EXCLUDED."updatedAt", "updatedBy" = EXCLUDED."updatedBy"`;
    await recordAuditEvents(
      [
        {
          actor: "staff" in by ? { id: by.staff.id, email: by.staff.email } : null,
          // Lists name their workspaces, so each workspace's audit log shows what was done to it.
          workspaceId: ids[0] ?? null,
          workspaceIds: ids,
          action: "rollout.flag.changed",
          target: { flag: key, change: change.kind, ...(named.length > 0 && { workspaces: named.map((w) => w.slug) }) },
          metadata: {
            ...("staff" in by ? { role: by.staff.staffRole } : { operator: by.operator, ...(by.label && { operatorLabel: by.label }) }),
            before: stateJson(before),
            after: stateJson(after),
          },
        },
      ],
      tx,
    );
    return { before, after };
  });
}

async function lockedFlag(tx: Prisma.TransactionClient, key: FlagKey): Promise<FlagState> {
  const [row] = await tx.$queryRaw<{ mode: FlagMode; percentage: number; allowIds: string[] | null; denyIds: string[] | null }[]>`
    SELECT mode, percentage::int AS percentage, "allowIds", "denyIds" FROM "FeatureFlag" WHERE key = ${key} FOR UPDATE`;
  return { key, mode: row!.mode, percentage: Number(row!.percentage), allowIds: row!.allowIds ?? [], denyIds: row!.denyIds ?? [] };
}

/**
 * Who runs a command-line tool: the OS account and host, always (anyone can set an environment
 * variable, decision 0075), with BILLING_OPERATOR's label beside it when set.
 */
export function osOperator(label: string | undefined): { operator: string; label?: string } {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers).
  }
  return { operator: `os:${user}@${hostname()}`, ...(label && { label }) };
}
