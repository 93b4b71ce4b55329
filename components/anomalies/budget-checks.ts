// What a new budget amount deserves a second look for, before it is saved: a budget below the cost
// so far raises every threshold at once, and a change of more than ten times is usually a slip of
// the decimal separator. Exact comparisons on the decimal strings.
import { compareDecimals } from "@/lib/format/decimal-format";
import { formatMoney } from "@/lib/format/money-format";

/** `value` × 10, by moving the decimal point: "6000.5" → "60005". */
export function tenTimes(value: string): string {
  const [integer = "0", fraction = ""] = value.split(".");
  const shifted = `${integer}${fraction.slice(0, 1).padEnd(1, "0")}`.replace(/^0+(?=\d)/, "");
  return fraction.length > 1 ? `${shifted}.${fraction.slice(1)}` : shifted;
}

export interface BudgetCheckInput {
  amount: string;
  currency: string;
  /** The period's cost so far, in `currency`. */
  amountToDate: string;
  current: { amount: string; currency: string } | null;
  locale: string;
}

/** Sentences saying why `amount` may be a mistake; empty when it looks deliberate. */
export function budgetConcerns({ amount, currency, amountToDate, current, locale }: BudgetCheckInput): string[] {
  const money = (value: string, inCurrency = currency) => formatMoney(value, inCurrency, locale);
  const concerns: string[] = [];
  if (compareDecimals(amount, amountToDate) < 0)
    concerns.push(`${money(amount)} is below this period's cost so far (${money(amountToDate)}): every threshold is crossed at once.`);
  if (current && current.currency === currency) {
    if (compareDecimals(amount, tenTimes(current.amount)) > 0)
      concerns.push(`${money(amount)} is more than 10 times the current budget (${money(current.amount)}).`);
    else if (compareDecimals(current.amount, tenTimes(amount)) > 0)
      concerns.push(`${money(amount)} is less than a tenth of the current budget (${money(current.amount)}).`);
  }
  return concerns;
}
