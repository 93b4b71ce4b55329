// The export's day rows as CSV bytes, a keyset page at a time. PostgreSQL assembles each page's
// lines from cells encoded once in Node, so no per-row object is ever built here: memory stays
// flat and the garbage collector idle, however many rows.
import type pg from "pg";
import type { Prisma } from "@/lib/db";
import type { WorkspaceRange } from "@/lib/usage/usage-sql";

/** Rows per page: each page's text (~85 KB) stays small enough to be collected young. */
export const PAGE_ROWS = 1_000;

/** Cells encoded once, exactly as `csvLines` would encode them inside a row. */
export interface DayCells {
  /** `day,<slug>,<name>,` */
  prefix: string;
  /** area key → `<key>,<display name>` */
  areas: Record<string, string>;
  /** unit → `<unit>` */
  units: Record<string, string>;
}

interface PageRow {
  rows: number;
  lines: number;
  body: Uint8Array | null;
  last: string | null;
}

/** Runs one page query; the two backends read it differently (see below). */
export type PageRunner = (filtered: boolean, values: unknown[]) => Promise<PageRow | undefined>;

function pageSql(filtered: boolean): string {
  return `
    WITH page AS (
      SELECT u."usageDate" AS d, u."productArea" AS a, u.unit, u.quantity, u."sourceEventCount" AS n
        FROM "BillingUsageDaily" u
       WHERE u."workspaceId" = $1
         AND u."usageDate" BETWEEN $2::date AND $3::date
         AND (u."usageDate", u."productArea") > ($4::date, $5::text)
         ${filtered ? `AND u."productArea" = ANY($10::text[])` : ""}
       ORDER BY u."usageDate", u."productArea"
       LIMIT $9::int
    ), lines AS (
      SELECT d, a, $6::text || to_char(d, 'YYYY-MM-DD') || ',' || ($7::jsonb ->> a) || ','
               || ($8::jsonb ->> unit) || ',' || trim_scale(quantity)::text || ',' || n || E'\\r\\n' AS line
        FROM page
    )
    SELECT count(*)::int AS rows, count(line)::int AS lines,
           string_agg(line, '' ORDER BY d, a) AS body,
           (array_agg(to_char(d, 'YYYY-MM-DD') || '|' || a ORDER BY d DESC, a DESC))[1] AS last
      FROM lines`;
}

/** Keyset pages over the (workspaceId, usageDate) index: each page costs the same. */
export async function* dayPages(run: PageRunner, range: WorkspaceRange, productAreas: string[] | null, cells: DayCells, pageRows = PAGE_ROWS) {
  const fixed = [range.workspaceId, range.start, range.end];
  const tail = [cells.prefix, JSON.stringify(cells.areas), JSON.stringify(cells.units), pageRows, ...(productAreas ? [productAreas] : [])];
  let after = ["0001-01-01", ""];
  for (;;) {
    const page = await run(productAreas !== null, [...fixed, ...after, ...tail]);
    if (!page || page.rows === 0) return;
    if (page.lines !== page.rows) throw new Error("a usage row has a product area or unit outside the catalogue");
    yield { rows: page.rows, bytes: page.body! };
    if (page.rows < pageRows) return;
    after = page.last!.split("|");
  }
}

type TextPage = Omit<PageRow, "body"> & { body: string | null };
const encoder = new TextEncoder();
const textToBytes = (page: TextPage | undefined): PageRow | undefined =>
  page && { ...page, body: page.body === null ? null : encoder.encode(page.body) };

/** Through Prisma, inside the export's own transaction (the embedded database's one connection). */
export function prismaPages(tx: Prisma.TransactionClient): PageRunner {
  return async (filtered, values) => textToBytes((await tx.$queryRawUnsafe<TextPage[]>(pageSql(filtered), ...values))[0]);
}

/**
 * Through a raw `pg` client on the export's snapshot: one text value per page, with none of
 * Prisma's per-query result objects. (Binary results would not save the UTF-8 decoding: pg's
 * protocol parser reads every value as text.)
 */
export function postgresPages(client: pg.ClientBase): PageRunner {
  return async (filtered, values) => {
    const result = await client.query<TextPage>(pageSql(filtered), values);
    return textToBytes(result.rows[0]);
  };
}
