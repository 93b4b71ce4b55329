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
