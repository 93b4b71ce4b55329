// The demo's standard plan, in USD and in EUR: graduated tiers on compute, bandwidth, GPU, AI
// inference and email; free included quantities on most areas, as real price lists have.
import { Exact } from "@/lib/pricing/money";
import type { PriceBook, PriceItem } from "@/lib/pricing/price-book";

const STANDARD_USD: PriceItem[] = [
  {
    productArea: "compute",
    includedQuantity: "500",
    tiers: [
      { upTo: "10000", unitAmount: "0.048" },
      { upTo: "50000", unitAmount: "0.042" },
      { upTo: null, unitAmount: "0.036" },
    ],
  },
  {
    productArea: "gpu",
    includedQuantity: "0",
    tiers: [
      { upTo: "1000", unitAmount: "2.10" },
      { upTo: null, unitAmount: "1.85" },
    ],
  },
  { productArea: "storage", includedQuantity: "10000", tiers: [{ upTo: null, unitAmount: "0.00075" }] },
  {
    productArea: "bandwidth",
    includedQuantity: "1000",
    tiers: [
      { upTo: "10000", unitAmount: "0.09" },
      { upTo: "50000", unitAmount: "0.085" },
      { upTo: null, unitAmount: "0.07" },
    ],
  },
  { productArea: "api-requests", includedQuantity: "1000000", tiers: [{ upTo: null, unitAmount: "0.0000004" }] },
  { productArea: "functions", includedQuantity: "2000000", tiers: [{ upTo: null, unitAmount: "0.0000006" }] },
  { productArea: "database", includedQuantity: "0", tiers: [{ upTo: null, unitAmount: "0.11" }] },
  {
    productArea: "ai-tokens",
    includedQuantity: "0",
    tiers: [
      { upTo: "1000000000", unitAmount: "0.000002" },
      { upTo: null, unitAmount: "0.0000015" },
    ],
  },
  { productArea: "logs", includedQuantity: "50", tiers: [{ upTo: null, unitAmount: "0.50" }] },
  { productArea: "builds", includedQuantity: "1000", tiers: [{ upTo: null, unitAmount: "0.014" }] },
  {
    productArea: "email",
    includedQuantity: "3000",
    tiers: [
      { upTo: "1000000", unitAmount: "0.0009" },
      { upTo: null, unitAmount: "0.0006" },
    ],
  },
  { productArea: "realtime", includedQuantity: "100000", tiers: [{ upTo: null, unitAmount: "0.000015" }] },
];

/** The USD list at `rate`, each unit price kept to 8 decimals (exact decimal arithmetic). */
function converted(items: PriceItem[], rate: string): PriceItem[] {
  const price = (amount: string) => new Exact(amount).times(rate).toDecimalPlaces(8).toFixed();
  return items.map((item) => ({ ...item, tiers: item.tiers.map((tier) => ({ ...tier, unitAmount: price(tier.unitAmount) })) }));
}

/** Who the seed records as having set them: the demo's staff account. */
export const DEMO_PRICE_SETTER = "support@example.com";

/** In effect from well before the demo's history, so every seeded period has prices. */
const EFFECTIVE_FROM = "2025-01-01";

export const DEMO_PRICE_BOOKS: Record<string, PriceBook> = {
  acme: { currency: "USD", effectiveFrom: EFFECTIVE_FROM, items: STANDARD_USD },
  globex: { currency: "EUR", effectiveFrom: EFFECTIVE_FROM, items: converted(STANDARD_USD, "0.92") },
  initech: { currency: "USD", effectiveFrom: EFFECTIVE_FROM, items: STANDARD_USD },
};
