// Forecasts are plain numbers; what a projection shows and prices are exact decimal strings.
import { priceLine } from "@/lib/pricing/invoice-lines";
import { decimalOfFloat } from "@/lib/pricing/money";
import type { StoredPriceBook } from "@/lib/pricing/price-books";

/** A forecast (a float) as a decimal string, never below 0: six places are far below any unit that is billed. */
export const nonNegativeDecimal = (value: number) => decimalOfFloat(Math.max(0, value), 6);

/** The amount of an area's quantity by the book's invoice line; null when the book does not price it. */
export function priceOf(book: StoredPriceBook | null | undefined, productArea: string, quantity: string): string | null {
  const item = book?.items.find((i) => i.productArea === productArea);
  return book && item ? priceLine(item, quantity, book.currency).amount : null;
}
