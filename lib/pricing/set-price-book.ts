// Staff set a workspace's prices from a day on (npm run prices). System work: it runs outside any
// request, through the system handle, and leaves an audit row naming the staff member.
import "server-only";
import { Prisma, systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { addDays, parseCalendarDate } from "@/lib/periods/calendar-date";
import { periodClosesAt, periodContaining } from "@/lib/periods/period";
import { recordStaffChange, staffAndWorkspace } from "@/lib/usage/staff-change";
import { priceBookSchema, type PriceBook } from "./price-book";

export class PriceBookRefused extends Error {}

export interface SetPriceBookInput {
  /** Slug or id. */
  workspace: string;
  /** The book as JSON, validated here. */
  book: unknown;
  /** The staff member doing it, by email: recorded in the audit trail. */
  by: string;
  /** Replace the book that already starts on the same day. */
  replace?: boolean;
  now?: Date;
}

/**
 * Adds the book (or replaces the one starting the same day). Refused when it would price a period
 * that is already final: a closed period's invoice never changes. Moves the workspace's usage
 * version, so cached reports priced with the old book are not served again.
 */
export async function setPriceBook({ workspace: key, book: raw, by, replace = false, now = new Date() }: SetPriceBookInput) {
  const prisma = systemDb();
  const { staff, workspace } = await staffAndWorkspace(by, key, (message) => new PriceBookRefused(message));
  const parsed = priceBookSchema.safeParse(raw);
  if (!parsed.success)
    throw new PriceBookRefused(`Invalid price book: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const book: PriceBook = parsed.data;
  if (book.currency !== workspace.currency)
    throw new PriceBookRefused(`The book is in ${book.currency}; ${workspace.slug} bills in ${workspace.currency}.`);
  const known = new Set((await prisma.productArea.findMany({ select: { key: true } })).map((a) => a.key));
  const unknown = book.items.map((i) => i.productArea).filter((area) => !known.has(area));
  if (unknown.length) throw new PriceBookRefused(`Unknown product areas: ${unknown.join(", ")}.`);

  // The first period the book prices starts on or after its day.
  const containing = periodContaining(book.effectiveFrom, workspace.billingAnchorDay);
  const first =
    containing.start === book.effectiveFrom ? containing : periodContaining(addDays(containing.end, 1), workspace.billingAnchorDay);
  if (periodClosesAt(first, workspace, env().METERING_GRACE_HOURS) <= now) {
    throw new PriceBookRefused(`The period from ${first.start} is closed; its prices are final. Choose a later effectiveFrom.`);
  }

  const effectiveFrom = parseCalendarDate(book.effectiveFrom);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.priceBook.findUnique({ where: { workspaceId_effectiveFrom: { workspaceId: workspace.id, effectiveFrom } } });
    if (existing && !replace) throw new PriceBookRefused(`A book already starts on ${book.effectiveFrom}; pass --replace to replace it.`);
    if (existing) await tx.priceBook.delete({ where: { id: existing.id } });
    const stored = await tx.priceBook.create({
      data: {
        workspaceId: workspace.id,
        effectiveFrom,
        currency: book.currency,
        items: book.items as Prisma.InputJsonArray,
        createdById: staff.id,
      },
    });
    await recordStaffChange(tx, {
      staff,
      workspaceId: workspace.id,
      action: "billing.prices.changed",
      target: { effectiveFrom: book.effectiveFrom, currency: book.currency, replaced: existing?.id ?? null },
      metadata: {
        items: book.items as Prisma.InputJsonArray,
        ...(existing && { previousItems: existing.items as Prisma.InputJsonArray }),
      },
    });
    return { id: stored.id, workspace: workspace.slug, effectiveFrom: book.effectiveFrom, replaced: Boolean(existing) };
  });
}
