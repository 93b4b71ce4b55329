// Stored price books: the one in effect for a period, for any scoped set of workspaces.
import "server-only";
import { scopedWhere, type WorkspaceScope } from "@/lib/access/workspace-access";
import { db, type Prisma } from "@/lib/db";
import { priceBookSchema, type PriceBook } from "./price-book";
import { parseCalendarDate, formatCalendarDate } from "@/lib/periods/calendar-date";

export interface StoredPriceBook extends PriceBook {
  id: string;
  workspaceId: string;
}

function fromRow(row: { id: string; workspaceId: string; effectiveFrom: Date; currency: string; items: unknown }): StoredPriceBook {
  // Checked on the way in (lib/pricing/set-price-book.ts) and again here: money is never computed
  // from a book that does not parse.
  const book = priceBookSchema.parse({
    currency: row.currency,
    effectiveFrom: formatCalendarDate(row.effectiveFrom),
    items: row.items,
  });
  return { id: row.id, workspaceId: row.workspaceId, ...book };
}

/**
 * For each workspace, the book in effect on `starts`' day for it (its period's first day): the one
 * with the latest `effectiveFrom` on or before that day; null when none is.
 */
export async function priceBooksInEffect(
  scope: WorkspaceScope,
  starts: ReadonlyMap<string, string>,
  client: Pick<Prisma.TransactionClient, "priceBook"> = db(),
): Promise<Map<string, StoredPriceBook | null>> {
  const latest = [...starts.values()].sort().at(-1);
  const found = new Map<string, StoredPriceBook | null>([...starts.keys()].map((id) => [id, null]));
  if (!latest) return found;
  const rows = await client.priceBook.findMany({
    where: { ...scopedWhere(scope), effectiveFrom: { lte: parseCalendarDate(latest) } },
    orderBy: [{ workspaceId: "asc" }, { effectiveFrom: "desc" }],
  });
  for (const row of rows) {
    const start = starts.get(row.workspaceId);
    const day = formatCalendarDate(row.effectiveFrom);
    if (start !== undefined && day <= start && found.get(row.workspaceId) === null) found.set(row.workspaceId, fromRow(row));
  }
  return found;
}

/** Key of a (workspace, period start) pair in `priceBooksForPeriods`' answer. */
export const periodBookKey = (workspaceId: string, start: string) => `${workspaceId} ${start}`;

/**
 * The book in effect for each (workspace, period start) pair, for ranges that cross periods: one
 * query whatever the number of periods, keyed by `periodBookKey`; null where no book is in effect.
 */
export async function priceBooksForPeriods(
  scope: WorkspaceScope,
  periods: readonly { workspaceId: string; start: string }[],
  client: Pick<Prisma.TransactionClient, "priceBook"> = db(),
): Promise<Map<string, StoredPriceBook | null>> {
  const found = new Map<string, StoredPriceBook | null>(periods.map((p) => [periodBookKey(p.workspaceId, p.start), null]));
  const latest = periods
    .map((p) => p.start)
    .sort()
    .at(-1);
  if (!latest) return found;
  const rows = await client.priceBook.findMany({
    where: {
      ...scopedWhere(scope),
      workspaceId: { in: [...new Set(periods.map((p) => p.workspaceId))] },
      effectiveFrom: { lte: parseCalendarDate(latest) },
    },
    orderBy: [{ workspaceId: "asc" }, { effectiveFrom: "desc" }],
  });
  const parsed = new Map<string, StoredPriceBook>();
  for (const { workspaceId, start } of periods) {
    // Rows come latest first: the first one on or before the period's start is the one in effect.
    const row = rows.find((r) => r.workspaceId === workspaceId && formatCalendarDate(r.effectiveFrom) <= start);
    if (!row) continue;
    if (!parsed.has(row.id)) parsed.set(row.id, fromRow(row));
    found.set(periodBookKey(workspaceId, start), parsed.get(row.id)!);
  }
  return found;
}
