// Money as people read it: the amount's own digits (Intl formats the decimal string itself, never
// a float), in the currency, in the page's locale.
import { compareDecimals } from "./decimal-format";

const formatters = new Map<string, Intl.NumberFormat>();

export type Amounts = readonly { currency: string; amount: string }[];

export function formatMoney(amount: string, currency: string, locale = "en-US"): string {
  const key = `${locale} ${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat(locale, { style: "currency", currency })));
  // Intl.NumberFormat formats decimal strings exactly (ES2023); the type still says number.
  return formatter.format(amount as unknown as number);
}

/** A chart axis's amount, short: "$1.2K", "€350" (plotting only: axes take numbers). */
export function formatMoneyCompact(amount: number, currency: string, locale = "en-US"): string {
  const key = `${locale} ${currency} compact`;
  let formatter = formatters.get(key);
  if (!formatter)
    formatters.set(
      key,
      (formatter = new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumSignificantDigits: 3 })),
    );
  return formatter.format(amount);
}

/**
 * The one order of currencies side by side: by currency code, so a column reads the same way on
 * every row ("€4.46 · $8.22" above "€5.94 · $39.04", never swapped).
 */
export function inCurrencyOrder<T extends { currency: string }>(amounts: readonly T[]): T[] {
  return [...amounts].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** Several currencies side by side, never added, in currency order: "€310.50 · $1,200.00". */
export function formatAmounts(amounts: Amounts, locale?: string): string {
  return amounts.length
    ? inCurrencyOrder(amounts)
        .map((a) => formatMoney(a.amount, a.currency, locale))
        .join(" · ")
    : "—";
}

/** The currencies among rows' amounts, in currency order. */
export function currenciesOf(rows: readonly Amounts[]): string[] {
  // Currency codes are three ASCII capitals: the default sort is code order.
  return [...new Set(rows.flatMap((amounts) => amounts.map((a) => a.currency)))].sort();
}

/**
 * Orders two rows by their amount in one currency (amounts in different currencies are never
 * compared). Rows without an amount in it come last whichever the direction.
 */
export function compareInCurrency(a: Amounts, b: Amounts, currency: string, descending: boolean): number {
  const x = a.find((m) => m.currency === currency)?.amount;
  const y = b.find((m) => m.currency === currency)?.amount;
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
  const order = compareDecimals(x, y);
  return descending ? -order : order;
}

/** Digits after the decimal point in `currency`'s minor unit, from Intl: USD 2, JPY 0, BHD 3. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount as the locale writes a plain number ("6,000.00", "6.000,00"), to edit and read back. */
export function formatAmountForInput(amount: string, currency: string, locale = "en-US"): string {
  const digits = currencyDigits(currency);
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 12) });
  return format.format(amount as unknown as number);
}

const exactFormatters = new Map<string, Intl.NumberFormat>();

/**
 * A unit price or a tier's exact amount, every digit kept (never fewer than the currency's minor
 * unit): "$0.0000004", "$0.4936", "$2.10". formatMoney would show the first as "$0.00".
 */
export function formatExactMoney(amount: string, currency: string, locale = "en-US"): string {
  const key = `${locale} ${currency}`;
  let formatter = exactFormatters.get(key);
  if (!formatter) {
    const digits = currencyDigits(currency);
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: 20 });
    exactFormatters.set(key, formatter);
  }
  return formatter.format(amount as unknown as number);
}
