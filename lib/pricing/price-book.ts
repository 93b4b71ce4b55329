import { z } from "zod";
import { Exact } from "./money";

const decimal = z.string().regex(/^\d{1,26}(\.\d{1,12})?$/, 'a non-negative decimal string with at most 12 fraction digits, e.g. "0.0125"');

export const priceTierSchema = z.object({
  /** The last billable unit this tier covers (after the included quantity); null: no end. */
  upTo: decimal.nullable(),
  unitAmount: decimal,
});

export const priceItemSchema = z
  .object({
    productArea: z.string().min(1),
    /** Free units each period, before any tier applies. */
    includedQuantity: decimal,
    tiers: z.array(priceTierSchema).min(1),
  })
  .superRefine(({ tiers }, context) => {
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (last !== (tier.upTo === null)) {
        context.addIssue({
          code: "custom",
          path: ["tiers", i, "upTo"],
          message: last ? "the last tier must have upTo null" : "only the last tier may have upTo null",
        });
      }
      const previous = tiers[i - 1]?.upTo;
      if (tier.upTo !== null && previous != null && !new Exact(tier.upTo).greaterThan(previous)) {
        context.addIssue({ code: "custom", path: ["tiers", i, "upTo"], message: "tiers must be in increasing order of upTo" });
      }
    });
  });

export const priceBookSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code, e.g. USD"),
    /** The book prices every period that starts on or after this day (workspace calendar). */
    effectiveFrom: z.iso.date(),
    items: z.array(priceItemSchema),
  })
  .superRefine(({ items }, context) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.productArea))
        context.addIssue({ code: "custom", path: ["items", i, "productArea"], message: `${item.productArea} is priced twice` });
      seen.add(item.productArea);
    });
  });

export type PriceTier = z.infer<typeof priceTierSchema>;
export type PriceItem = z.infer<typeof priceItemSchema>;
export type PriceBook = z.infer<typeof priceBookSchema>;
