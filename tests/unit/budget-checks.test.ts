import { describe, expect, it } from "vitest";
import { budgetConcerns, tenTimes } from "@/components/anomalies/budget-checks";
import { formatAmountForInput } from "@/lib/format/money-format";
import { parseLocaleDecimal } from "@/lib/format/parse-decimal";

describe("second looks at a new budget", () => {
  it("multiplies by ten exactly", () => {
    expect(["6000.5", "6.05", "0.001", "7", "0"].map(tenTimes)).toEqual(["60005", "60.5", "0.01", "70", "0"]);
  });

  const base = { currency: "EUR", amountToDate: "10673.67", current: { amount: "6000", currency: "EUR" }, locale: "en-GB" };

  it("asks about a budget below the cost so far and about a change of more than ten times", () => {
    expect(budgetConcerns({ ...base, amount: "6" })).toEqual([
      "€6.00 is below this period's cost so far (€10,673.67): every threshold is crossed at once.",
      "€6.00 is less than a tenth of the current budget (€6,000.00).",
    ]);
    expect(budgetConcerns({ ...base, amount: "60000.01" })).toEqual(["€60,000.01 is more than 10 times the current budget (€6,000.00)."]);
    expect(budgetConcerns({ ...base, amount: "60000" })).toEqual([]);
    expect(budgetConcerns({ ...base, amount: "10673.67", current: null })).toEqual([]);
  });

  it("does not compare with a budget in another currency", () => {
    expect(budgetConcerns({ ...base, amount: "600000", current: { amount: "6", currency: "USD" } })).toEqual([]);
  });

  it("writes an amount to edit the way the locale reads it back", () => {
    for (const [locale, text] of [
      ["en-GB", "6,000.00"],
      ["de-DE", "6.000,00"],
      ["fr-FR", "6\u202f000,00"],
    ] as const) {
      expect(formatAmountForInput("6000", "EUR", locale)).toBe(text);
      expect(parseLocaleDecimal(text, locale, { maxFractionDigits: 2 })).toEqual({ ok: true, value: "6000" });
    }
    expect(formatAmountForInput("0.125", "USD", "en-US")).toBe("0.125");
  });
});
