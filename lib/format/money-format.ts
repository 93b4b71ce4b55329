// Money as people read it: the amount's own digits (Intl formats the decimal string itself, never
// a float), in the currency, in the page's locale.
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: string, currency: string, locale = "en-US"): string {
  const key = `${locale} ${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat(locale, { style: "currency", currency })));
  // Intl.NumberFormat formats decimal strings exactly (ES2023); the type still says number.
  return formatter.format(amount as unknown as number);
}

/** Several currencies side by side, never added: "$1,200.00 · €310.50". */
export function formatAmounts(amounts: readonly { currency: string; amount: string }[], locale?: string): string {
  return amounts.length ? amounts.map((a) => formatMoney(a.amount, a.currency, locale)).join(" · ") : "—";
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
