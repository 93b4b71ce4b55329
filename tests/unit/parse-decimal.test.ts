import { describe, expect, it } from "vitest";
import { parseLocaleDecimal, separatorHint, type ParseOptions } from "@/lib/format/parse-decimal";

const money = (currency: string, digits: number) => ({ currency, maxFractionDigits: digits });
const value = (text: string, locale: string, options: ParseOptions = money("EUR", 2)) => {
  const parsed = parseLocaleDecimal(text, locale, options);
  return parsed.ok ? parsed.value : `refused: ${parsed.message}`;
};

describe("reading amounts the way the locale writes them", () => {
  it("en-GB and en-US: , groups thousands, . separates decimals", () => {
    for (const locale of ["en-GB", "en-US"]) {
      expect(value("6,000", locale)).toBe("6000");
      expect(value("6000.50", locale)).toBe("6000.5");
      expect(value("1,234,567.89", locale)).toBe("1234567.89");
      expect(value(" 40,000 ", locale)).toBe("40000");
    }
  });

  it("never reads 6.000 as six in a locale where it has three decimals: refused, naming the reading", () => {
    expect(value("6.000", "en-GB")).toBe(
      'refused: "6.000" reads as 6.000 (3 decimals), and EUR amounts have 2. Use , for thousands and . for decimals, e.g. 6,000.50.',
    );
    expect(value("6.000", "en-GB", {})).toBe("6");
  });

  it("de-DE: . groups thousands, , separates decimals", () => {
    expect(value("6.000", "de-DE")).toBe("6000");
    expect(value("6.000,50", "de-DE")).toBe("6000.5");
    expect(value("6,000", "de-DE")).toMatch(/^refused: "6,000" reads as 6,000 \(3 decimals\)/);
    expect(value("6,5", "de-DE")).toBe("6.5");
  });

  it("fr-FR: a (narrow no-break, no-break or typed) space groups thousands", () => {
    expect(value("1 234,5", "fr-FR")).toBe("1234.5");
    expect(value("1\u202f234,50", "fr-FR")).toBe("1234.5");
    expect(value("1\u00a0234", "fr-FR")).toBe("1234");
    expect(separatorHint("fr-FR")).toBe("Use a space for thousands and , for decimals, e.g. 6 000,50.");
  });

  it("ja-JP writes like en-US; a currency without minor units takes no decimals", () => {
    expect(value("6,000", "ja-JP", money("USD", 2))).toBe("6000");
    expect(value("6,000.5", "ja-JP", money("JPY", 0))).toMatch(/JPY amounts have no decimals/);
    expect(value("6000", "ja-JP", money("JPY", 0))).toBe("6000");
  });

  it("refuses what is ambiguous or malformed, with the locale's separators in the message", () => {
    expect(value("6.000,50", "en-US")).toMatch(/^refused: "6.000,50" is not a number here\. Use , for thousands and \. for decimals/);
    expect(value("1 234,5", "en-US")).toMatch(/is not a number here/);
    expect(value("60,00", "en-GB")).toMatch(/is not a number here/);
    expect(value("6,0000", "en-GB")).toMatch(/is not a number here/);
    expect(value("1.2.3", "en-GB")).toMatch(/more than one \./);
    expect(value("6000.", "en-GB")).toMatch(/is not a number here/);
    expect(value("€6,000", "en-GB")).toMatch(/is not a number here/);
    expect(value("1e3", "en-US")).toMatch(/is not a number here/);
    expect(value("-5", "en-US")).toMatch(/^refused: The amount cannot be negative\./);
    expect(value("−5", "de-DE")).toMatch(/cannot be negative/);
    expect(value("6.123", "en-US", money("USD", 2))).toMatch(/USD amounts have 2/);
    expect(value("", "en-GB")).toBe("refused: Enter an amount. Use , for thousands and . for decimals, e.g. 6,000.50.");
    expect(value("   ", "de-DE")).toMatch(/^refused: Enter an amount\. Use \. for thousands and , for decimals, e\.g\. 6\.000,50\./);
  });

  it("keeps every digit, beyond float precision", () => {
    expect(value("123,456,789,012,345,678.01", "en-US")).toBe("123456789012345678.01");
    expect(value("0.50", "en-US")).toBe("0.5");
    expect(value("007", "en-US")).toBe("7");
    expect(value(".5", "en-US")).toBe("0.5");
  });
});
