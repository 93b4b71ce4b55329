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
