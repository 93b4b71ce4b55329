// The export's day rows as CSV bytes. PostgreSQL assembles every line from cells encoded once in
// Node, so no per-row object is ever built here: memory stays flat however many rows.
import "server-only";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { Prisma } from "@/lib/db";
import type { WorkspaceRange } from "@/lib/usage/usage-sql";
import { BinaryCopyText, NullRowError } from "./binary-copy-text";
import { DAY_ROW_EMPTY_CELLS } from "./csv-columns";

/** Rows per keyset page (embedded database): each page's text (~85 KB) is collected young. */
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

/** Runs one keyset page query. */
export type PageRunner = (filtered: boolean, values: unknown[]) => Promise<PageRow | undefined>;

/**
 * One CSV line of a BillingUsageDaily row, the same expression for both readers (so both write the
 * same bytes). `cells` are SQL for the encoded cells (parameters or literals), `row` column names.
 * NULL when the row's area or unit is missing from the cells: callers refuse such rows.
 */
function lineSql(
  cells: { prefix: string; areas: string; units: string },
  row: { date: string; area: string; unit: string; quantity: string; events: string },
): string {
  return `${cells.prefix}::text || to_char(${row.date}, 'YYYY-MM-DD') || ',' || (${cells.areas}::jsonb ->> ${row.area}) || ','
    || (${cells.units}::jsonb ->> ${row.unit}) || ',' || trim_scale(${row.quantity})::text || ',' || ${row.events} || E'${",".repeat(DAY_ROW_EMPTY_CELLS)}\\r\\n'`;
}

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
      SELECT d, a, ${lineSql({ prefix: "$6", areas: "$7", units: "$8" }, { date: "d", area: "a", unit: "unit", quantity: "quantity", events: "n" })} AS line
        FROM page
    )
    SELECT count(*)::int AS rows, count(line)::int AS lines,
           string_agg(line, '' ORDER BY d, a) AS body,
           (array_agg(to_char(d, 'YYYY-MM-DD') || '|' || a ORDER BY d DESC, a DESC))[1] AS last
      FROM lines`;
}

/** Keyset pages over the (workspaceId, usageDate) index: each page costs the same. */
export async function* dayPages(run: PageRunner, range: WorkspaceRange, productAreas: string[] | null, cells: DayCells) {
  const fixed = [range.workspaceId, range.start, range.end];
  const tail = [cells.prefix, JSON.stringify(cells.areas), JSON.stringify(cells.units), PAGE_ROWS, ...(productAreas ? [productAreas] : [])];
  let after = ["0001-01-01", ""];
  for (;;) {
    const page = await run(productAreas !== null, [...fixed, ...after, ...tail]);
    if (!page || page.rows === 0) return;
    if (page.lines !== page.rows) throw new Error("a usage row has a product area or unit outside the catalogue");
    yield { rows: page.rows, bytes: page.body! };
    if (page.rows < PAGE_ROWS) return;
    after = page.last!.split("|");
  }
}

type TextPage = Omit<PageRow, "body"> & { body: string | null };
const encoder = new TextEncoder();
const textToBytes = (page: TextPage | undefined): PageRow | undefined =>
  page && { ...page, body: page.body === null ? null : encoder.encode(page.body) };

/** On the embedded database: through Prisma, inside the export's own transaction (its one connection). */
export function prismaPages(tx: Prisma.TransactionClient): PageRunner {
  return async (filtered, values) => textToBytes((await tx.$queryRawUnsafe<TextPage[]>(pageSql(filtered), ...values))[0]);
}

/**
 * On PostgreSQL, through a raw `pg` connection on the export's snapshot: one
 * `COPY … TO STDOUT (FORMAT binary)` per workspace streams the lines as bytes, read with
 * back-pressure (pg-copy-streams pauses the socket while the export waits for its reader). No
 * keyset pages and no JS string per page: memory stays flat on the V8 heap and off it.
 */
export async function* copiedDayPages(client: pg.ClientBase, range: WorkspaceRange, productAreas: string[] | null, cells: DayCells) {
  const text = (value: string) => client.escapeLiteral(value);
  const areaFilter = productAreas ? `AND u."productArea" = ANY(ARRAY[${productAreas.map(text).join(", ") || "NULL"}]::text[])` : "";
  const sql = `COPY (
    SELECT ${lineSql(
      { prefix: text(cells.prefix), areas: text(JSON.stringify(cells.areas)), units: text(JSON.stringify(cells.units)) },
      { date: 'u."usageDate"', area: 'u."productArea"', unit: "u.unit", quantity: "u.quantity", events: 'u."sourceEventCount"' },
    )}
      FROM "BillingUsageDaily" u
     WHERE u."workspaceId" = ${text(range.workspaceId)}
       AND u."usageDate" BETWEEN ${text(range.start)}::date AND ${text(range.end)}::date ${areaFilter}
     ORDER BY u."usageDate", u."productArea"
  ) TO STDOUT (FORMAT binary)`;
  const rows = new BinaryCopyText();
  try {
    for await (const chunk of client.query(copyTo(sql)) as AsyncIterable<Buffer>) yield* rows.push(chunk);
    const last = rows.finish();
    if (last) yield last;
  } catch (error) {
    if (error instanceof NullRowError) throw new Error("a usage row has a product area or unit outside the catalogue");
    throw error;
  }
}
