// What the rate card says in words: each tier's range of billable units, and where a period's
// usage stands on an area's price item ("Included 1,000,000 used up on Dec 4, 2026; now in tier 2
// at $0.0004.").
import type { RateCardItem } from "@/components/data/use-rate-card";
import type { DateFormat } from "@/lib/format/dates";
import { formatExact } from "@/lib/format/decimal-format";
import { formatExactMoney } from "@/lib/format/money-format";

type Tier = { upTo: string | null };

/** A decimal string that is zero ("0", "0.000"). */
export const isZero = (value: string) => /^0*(\.0*)?$/.test(value);

/**
 * The billable units a tier prices (those above the included quantity): "Up to 10,000",
 * "10,000 – 50,000", "Above 50,000"; "Every billable unit" for a book of one tier.
 */
export function tierRange(tiers: readonly Tier[], index: number): string {
  const upTo = tiers[index]?.upTo ?? null;
  const below = index > 0 ? (tiers[index - 1]?.upTo ?? null) : null;
  if (below === null) return upTo === null ? "Every billable unit" : `Up to ${formatExact(upTo)}`;
  return upTo === null ? `Above ${formatExact(below)}` : `${formatExact(below)} – ${formatExact(upTo)}`;
}

/** "tier 2 at $0.0004" (tiers counted from 1, as a person reads them). */
function tierAt(item: RateCardItem, index: number, currency: string, locale: string): string {
  const tier = item.tiers[index];
  return tier ? `tier ${index + 1} at ${formatExactMoney(tier.unitAmount, currency, locale)}` : `tier ${index + 1}`;
}

/** Where the period's usage of an area stands on its price item, in one or two sentences. */
export function standing(item: RateCardItem, currency: string, dates: DateFormat): string {
  const { includedQuantity: included, quantityToDate: used, currentTier } = item;
  const tier = currentTier === null ? null : tierAt(item, currentTier, currency, dates.locale);
  const since = currentTier !== null && currentTier > 0 ? item.tiers[currentTier]?.reachedOn : null;
  const now = tier && `now in ${tier}${since ? ` since ${dates.day(since)}` : ""}.`;
  if (isZero(used)) {
    return isZero(included)
      ? `No usage yet this period; the first unit falls in ${tierAt(item, 0, currency, dates.locale)}.`
      : `No usage yet this period; the first ${formatExact(included)} are included.`;
  }
  if (isZero(included)) return `No included quantity; ${now ?? `${tierAt(item, 0, currency, dates.locale)}.`}`;
  if (item.includedUsedUpOn) return `Included ${formatExact(included)} used up on ${dates.day(item.includedUsedUpOn)}; ${now ?? ""}`.trim();
  return `${formatExact(used)} of the included ${formatExact(included)} used; the units after it fall in ${tierAt(item, 0, currency, dates.locale)}.`;
}
