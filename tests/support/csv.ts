import Papa from "papaparse";
import { Prisma } from "@/lib/db";

export type CsvRecord = Record<string, string>;

export function parseCsv(text: string): CsvRecord[] {
  const parsed = Papa.parse<CsvRecord>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`CSV did not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return parsed.data;
}

/** Day rows summed exactly per key, as "quantity/events". */
export function sumDays(records: CsvRecord[], key: (r: CsvRecord) => string): Record<string, string> {
  const sums = new Map<string, { q: Prisma.Decimal; n: number }>();
  for (const r of records.filter((r) => r.row_type === "day")) {
    const entry = sums.get(key(r)) ?? { q: new Prisma.Decimal(0), n: 0 };
    sums.set(key(r), { q: entry.q.plus(r.quantity!), n: entry.n + Number(r.source_event_count) });
  }
  return Object.fromEntries([...sums].map(([k, v]) => [k, `${v.q.toString()}/${v.n}`]));
}
