// A period's quantities as invoice lines. The one rounding rule (docs/pricing.md): tier amounts are
// exact; each line is rounded once, to the currency's minor unit, half to even; the total is the
// sum of the rounded lines, so it always equals the lines an invoice prints.
import { Exact, exactText, minorUnitDigits, roundToMinorUnit } from "./money";
import type { PriceBook, PriceItem } from "./price-book";

export interface UsageQuantity {
  productArea: string;
  /** Exact decimal string. */
  quantity: string;
}

export interface TierCharge {
  upTo: string | null;
  unitAmount: string;
  /** Billable units that fell in this tier. */
  quantity: string;
  /** quantity × unitAmount, exact (not rounded). */
  amount: string;
}

export interface InvoiceLine {
  productArea: string;
  quantity: string;
  includedQuantity: string;
  /** The quantity above the included one: what the tiers price. */
  billableQuantity: string;
  tiers: TierCharge[];
  /** Rounded to the currency's minor unit. */
  amount: string;
}

export interface Invoice {
  currency: string;
  /** Priced areas, in the order of the quantities given. */
  lines: InvoiceLine[];
  /** Sum of the lines' rounded amounts. */
  total: string;
  /** Areas with usage but no price in the book: not in `lines` or `total`. */
  unpricedAreas: string[];
}

interface CompiledTier {
  upTo: Exact | null;
  unitAmount: Exact;
}

interface CompiledItem {
  included: Exact;
  tiers: CompiledTier[];
}

// A price item's decimals parsed once: daily amounts price an area once per day.
const compiled = new WeakMap<PriceItem, CompiledItem>();

function compile(item: PriceItem): CompiledItem {
  let found = compiled.get(item);
  if (!found) {
    found = {
      included: new Exact(item.includedQuantity),
      tiers: item.tiers.map((tier) => ({ upTo: tier.upTo === null ? null : new Exact(tier.upTo), unitAmount: new Exact(tier.unitAmount) })),
    };
    compiled.set(item, found);
  }
  return found;
}

/** The graduated tiers over a billable quantity: each tier's units and exact amount. */
function tierCharges({ tiers }: CompiledItem, billable: Exact, each?: (inTier: Exact, amount: Exact) => void): Exact {
  let below = new Exact(0);
  let exactAmount = new Exact(0);
  for (const tier of tiers) {
    const ceiling = tier.upTo === null ? billable : Exact.min(billable, tier.upTo);
    const inTier = Exact.max(ceiling.minus(below), 0);
    const amount = inTier.times(tier.unitAmount);
    each?.(inTier, amount);
    exactAmount = exactAmount.plus(amount);
    if (tier.upTo !== null) below = Exact.max(below, tier.upTo);
  }
  return exactAmount;
}

/** One area's quantity through its price item: graduated tiers over the billable quantity. */
export function priceLine(item: PriceItem, quantity: string, currency: string): InvoiceLine {
  const priced = compile(item);
  const billable = Exact.max(new Exact(quantity).minus(priced.included), 0);
  const tiers: TierCharge[] = [];
  const exactAmount = tierCharges(priced, billable, (inTier, amount) => {
    const tier = item.tiers[tiers.length]!;
    tiers.push({ upTo: tier.upTo, unitAmount: tier.unitAmount, quantity: exactText(inTier), amount: exactText(amount) });
  });
  return {
    productArea: item.productArea,
    quantity,
    includedQuantity: item.includedQuantity,
    billableQuantity: exactText(billable),
    tiers,
    amount: roundToMinorUnit(exactAmount, currency),
  };
}

/**
 * `priceLine(item, quantity, currency).amount`, rounded by the same rule, without the line's
 * tier breakdown: what a daily amount needs, once per area and day.
 */
export function lineAmount(item: PriceItem, quantity: Exact, currency: string): Exact {
  const priced = compile(item);
  if (quantity.lessThanOrEqualTo(priced.included)) return new Exact(0);
  const exactAmount = tierCharges(priced, quantity.minus(priced.included));
  return exactAmount.toDecimalPlaces(minorUnitDigits(currency), Exact.ROUND_HALF_EVEN);
}

export function invoiceLines(book: PriceBook, quantities: readonly UsageQuantity[]): Invoice {
  const items = new Map(book.items.map((item) => [item.productArea, item]));
  const lines: InvoiceLine[] = [];
  const unpricedAreas: string[] = [];
  for (const { productArea, quantity } of quantities) {
    const item = items.get(productArea);
    if (item) lines.push(priceLine(item, quantity, book.currency));
    else if (!new Exact(quantity).isZero()) unpricedAreas.push(productArea);
  }
  const total = lines.reduce((sum, line) => sum.plus(line.amount), new Exact(0));
  return { currency: book.currency, lines, total: roundToMinorUnit(total, book.currency), unpricedAreas };
}
