// Cost to date of a usage report: each workspace's quantities for its period through its price
// book (the invoice-lines function), then summed per product area and per currency, never across
// currencies.
import "server-only";
import type { WorkspaceScope } from "@/lib/access/workspace-access";
import type { Prisma } from "@/lib/db";
import { invoiceLines } from "./invoice-lines";
import { Exact, minorUnitDigits } from "./money";
import { priceBooksInEffect, type StoredPriceBook } from "./price-books";

export interface WorkspaceCost {
  workspaceId: string;
  currency: string;
  /** The price book's first day. */
  effectiveFrom: string;
  amount: string;
  lines: { productArea: string; quantity: string; billableQuantity: string; amount: string }[];
}

export interface UsageCost {
  /** Per currency: the sum of every line shown. */
  totals: { currency: string; amount: string }[];
  /** Per product area and currency. */
  byArea: { productArea: string; currency: string; amount: string }[];
  /** Per workspace: its invoice lines (listed workspaces only). */
  byWorkspace?: WorkspaceCost[];
  /** Usage no price book prices: left out of every amount. */
  unpriced: { workspaceId: string; productArea: string }[];
}

interface Quantity {
  workspaceId: string;
  productArea: string;
  quantity: string;
}

const fixed = (amount: InstanceType<typeof Exact>, currency: string) => amount.toFixed(minorUnitDigits(currency));

export async function costOfUsage(
  scope: WorkspaceScope,
  periods: readonly { workspaceId: string; start: string }[],
  quantities: readonly Quantity[],
  {
    perWorkspace,
    client,
    books: read,
  }: {
    perWorkspace: boolean;
    client?: Pick<Prisma.TransactionClient, "priceBook">;
    /** The periods' books, when the caller has read them already (priceBooksInEffect). */
    books?: ReadonlyMap<string, StoredPriceBook | null>;
  },
): Promise<UsageCost> {
  // An export passes its transaction: the embedded database has one connection, held by it.
  const books = read ?? (await priceBooksInEffect(scope, new Map(periods.map((p) => [p.workspaceId, p.start])), client));
  const byWorkspace = new Map<string, Quantity[]>();
  for (const q of quantities) byWorkspace.set(q.workspaceId, [...(byWorkspace.get(q.workspaceId) ?? []), q]);
  const workspaces: WorkspaceCost[] = [];
  const unpriced: UsageCost["unpriced"] = [];
  for (const { workspaceId } of periods) {
    const own = byWorkspace.get(workspaceId) ?? [];
    const book = books.get(workspaceId);
    if (!book) {
      unpriced.push(...own.filter((q) => !new Exact(q.quantity).isZero()).map(({ productArea }) => ({ workspaceId, productArea })));
      continue;
    }
    const invoice = invoiceLines(book, own);
    unpriced.push(...invoice.unpricedAreas.map((productArea) => ({ workspaceId, productArea })));
    workspaces.push({
      workspaceId,
      currency: invoice.currency,
      effectiveFrom: book.effectiveFrom,
      amount: invoice.total,
      lines: invoice.lines.map(({ productArea, quantity, billableQuantity, amount }) => ({
        productArea,
        quantity,
        billableQuantity,
        amount,
      })),
    });
  }
  const sum = (entries: { key: string; currency: string; amount: string }[]) => {
    const sums = new Map<string, { currency: string; key: string; amount: InstanceType<typeof Exact> }>();
    for (const { key, currency, amount } of entries) {
      const id = `${key}\u0000${currency}`;
      const found = sums.get(id);
      if (found) found.amount = found.amount.plus(amount);
      else sums.set(id, { key, currency, amount: new Exact(amount) });
    }
    return [...sums.values()].sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency));
  };
  return {
    totals: sum(workspaces.map((w) => ({ key: "", currency: w.currency, amount: w.amount }))).map(({ currency, amount }) => ({
      currency,
      amount: fixed(amount, currency),
    })),
    byArea: sum(workspaces.flatMap((w) => w.lines.map((l) => ({ key: l.productArea, currency: w.currency, amount: l.amount })))).map(
      ({ key, currency, amount }) => ({ productArea: key, currency, amount: fixed(amount, currency) }),
    ),
    ...(perWorkspace && { byWorkspace: workspaces }),
    unpriced,
  };
}
