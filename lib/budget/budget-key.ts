// A budget as it stands, in one comparable string ("USD 40000 50,75,100"): stored on the budget
// flags raised or updated under it, so a resolved or dismissed flag holds only for that budget.
import type { Budget } from "@/lib/db/generated/client";
import { Exact } from "@/lib/pricing/money";

export function budgetKey({ currency, amount, thresholds }: Pick<Budget, "currency" | "amount" | "thresholds">): string {
  const sorted = [...thresholds].sort((a, b) => a - b);
  return `${currency} ${new Exact(amount.toFixed()).toFixed()} ${sorted.join(",")}`;
}
