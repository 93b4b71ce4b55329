import { describe, expect, it } from "vitest";
import type { RateCardItem } from "@/components/data/use-rate-card";
import { standing, tierRange } from "@/components/pricing/rate-card-wording";
import { dateFormat } from "@/lib/format/dates";
import { formatExactMoney } from "@/lib/format/money-format";

const tiers = [
  { upTo: "10000", unitAmount: "0.048", reachedOn: "2026-12-02" },
  { upTo: "50000", unitAmount: "0.042", reachedOn: "2026-12-09" },
  { upTo: null, unitAmount: "0.036", reachedOn: null },
];
const item = (over: Partial<RateCardItem>): RateCardItem => ({
  productArea: "api-requests",
  unit: "requests",
  includedQuantity: "1000000",
  quantityToDate: "0",
  includedUsedUpOn: null,
  tiers: [{ upTo: null, unitAmount: "0.0004", reachedOn: null }],
  currentTier: null,
  ...over,
});
const en = dateFormat("en-US");

describe("the rate card's tiers", () => {
  it("name the billable units each prices", () => {
    expect(tiers.map((_, i) => tierRange(tiers, i))).toEqual(["Up to 10,000", "10,000 – 50,000", "Above 50,000"]);
    expect(tierRange([{ upTo: null }], 0)).toBe("Every billable unit");
  });

  it("show unit prices with every digit, never rounded to cents", () => {
    expect(formatExactMoney("0.0000004", "USD")).toBe("$0.0000004");
    expect(formatExactMoney("2.1", "USD")).toBe("$2.10");
    expect(formatExactMoney("0.4936", "EUR", "en-GB")).toBe("€0.4936");
    expect(formatExactMoney("12", "JPY", "ja-JP")).toMatch(/^[￥¥]12$/);
  });
});

describe("where the period's usage stands", () => {
  it("says when the included quantity ran out and which tier applies now", () => {
    const used = item({ quantityToDate: "1200000", includedUsedUpOn: "2026-12-04", currentTier: 0 });
    expect(standing(used, "USD", en)).toBe("Included 1,000,000 used up on Dec 4, 2026; now in tier 1 at $0.0004.");
  });

  it("names the day a later tier was reached", () => {
    const later = item({ includedQuantity: "500", quantityToDate: "20500", includedUsedUpOn: "2026-12-01", tiers, currentTier: 1 });
    expect(standing(later, "USD", en)).toBe("Included 500 used up on Dec 1, 2026; now in tier 2 at $0.042 since Dec 9, 2026.");
  });

  it("counts the included quantity while it lasts", () => {
    expect(standing(item({ quantityToDate: "250000" }), "USD", en)).toBe(
      "250,000 of the included 1,000,000 used; the units after it fall in tier 1 at $0.0004.",
    );
  });

  it("words the areas without an included quantity, and those without usage", () => {
    expect(standing(item({ includedQuantity: "0", quantityToDate: "12", currentTier: 0 }), "USD", en)).toBe(
      "No included quantity; now in tier 1 at $0.0004.",
    );
    expect(standing(item({}), "USD", en)).toBe("No usage yet this period; the first 1,000,000 are included.");
  });

  it("writes dates in the workspace's locale", () => {
    const used = item({ quantityToDate: "1200000", includedUsedUpOn: "2026-12-04", currentTier: 0 });
    expect(standing(used, "USD", dateFormat("ja-JP"))).toContain("used up on 2026/12/04");
  });
});
