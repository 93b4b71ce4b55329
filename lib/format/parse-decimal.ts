// Amounts as people type them, read the way the locale writes them (docs/decisions/0080): its
// grouping and decimal separators come from Intl, and the text itself becomes the decimal string,
// digit for digit, never through a float. Strict on purpose: "6.000" in en-GB is six with three
// decimals, so with a currency of two it is refused rather than saved as 6.00.

export type ParsedDecimal = { ok: true; value: string } | { ok: false; message: string };

export interface ParseOptions {
  /** Refuse more digits after the decimal separator than this (a currency's minor unit). */
  maxFractionDigits?: number;
  /** Named in the message about too many decimals: "EUR amounts have 2". */
  currency?: string;
}

interface Separators {
  group: string;
  decimal: string;
}

// Narrow and ordinary no-break spaces group thousands in fr-FR and others; a typed space means the same.
const SPACES = /[\s\u00a0\u202f]/g;
const byLocale = new Map<string, Separators>();

export function separatorsOf(locale: string): Separators {
  let found = byLocale.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
    const group = parts.find((p) => p.type === "group")?.value ?? ",";
    const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
    byLocale.set(locale, (found = { group: group.replace(SPACES, " "), decimal }));
  }
  return found;
}

const named = (separator: string) => (separator === " " ? "a space" : separator);

/** "Use , for thousands and . for decimals, e.g. 6,000.50" in the locale's own separators. */
export function separatorHint(locale: string): string {
  const { group, decimal } = separatorsOf(locale);
  return `Use ${named(group)} for thousands and ${decimal} for decimals, e.g. 6${group}000${decimal}50.`;
}

/** `text` as an exact non-negative decimal string ("6000.5"), or why it cannot be read. */
export function parseLocaleDecimal(text: string, locale: string, options: ParseOptions = {}): ParsedDecimal {
  const { group, decimal } = separatorsOf(locale);
  const typed = text.trim().replace(SPACES, " ");
  const refuse = (why: string): ParsedDecimal => ({ ok: false, message: `${why} ${separatorHint(locale)}` });
  if (!typed) return refuse("Enter an amount.");
  if (/^[-−‒–]/.test(typed)) return refuse("The amount cannot be negative.");

  const [integerText = "", fraction, ...more] = typed.split(decimal);
  if (more.length > 0) return refuse(`"${text.trim()}" has more than one ${decimal}.`);
  const groups = integerText.split(group);
  const wellGrouped = groups.length === 1 || (/^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((g) => /^\d{3}$/.test(g)));
  if (!groups.every((g) => /^\d*$/.test(g)) || (fraction !== undefined && !/^\d+$/.test(fraction)))
    return refuse(`"${text.trim()}" is not a number here.`);
  if (!wellGrouped || (integerText === "" && fraction === undefined)) return refuse(`"${text.trim()}" is not a number here.`);

  const integer = groups.join("").replace(/^0+(?=\d)/, "") || "0";
  const { maxFractionDigits, currency } = options;
  if (fraction !== undefined && maxFractionDigits !== undefined && fraction.length > maxFractionDigits) {
    const reading = `${integer}${decimal}${fraction}`;
    const allowed = maxFractionDigits === 0 ? "no decimals" : `${maxFractionDigits}`;
    return refuse(`"${text.trim()}" reads as ${reading} (${fraction.length} decimals), and ${currency ?? "the"} amounts have ${allowed}.`);
  }
  const kept = (fraction ?? "").replace(/0+$/, "");
  return { ok: true, value: kept ? `${integer}.${kept}` : integer };
}
