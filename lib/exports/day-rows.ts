// The export's day rows, workspace after workspace, read in the export transaction's snapshot: on
// PostgreSQL over a raw connection that adopts it (COPY), on the embedded database through the
// transaction itself (its one connection).
import "server-only";
import { database, type Prisma } from "@/lib/db";
import { csvCell } from "@/lib/csv/csv";
import type { ScopedRanges } from "@/lib/usage/compute-usage-report";
import type { WorkspaceRange } from "@/lib/usage/usage-sql";
import { copiedDayPages, dayPages, prismaPages, type DayCells } from "./day-pages";

type PageSource = (range: WorkspaceRange, cells: DayCells) => AsyncIterable<{ rows: number; bytes: Uint8Array }>;

interface DayRowsInput extends ScopedRanges {
  productAreas: string[] | null;
  areaList: readonly { key: string; displayName: string; unit: string }[];
}

/** Sends every day row, page by page, and returns how many there were. */
export async function writeDayRows(
  tx: Prisma.TransactionClient,
  { workspaces, ranges, productAreas, areaList }: DayRowsInput,
  send: (bytes: Uint8Array) => Promise<void>,
): Promise<number> {
  // Cells are encoded once, exactly as csvLines would encode them inside a row.
  const areas = Object.fromEntries(areaList.map((a) => [a.key, `${csvCell(a.key)},${csvCell(a.displayName)}`]));
  const units = Object.fromEntries(areaList.map((a) => [a.unit, csvCell(a.unit)]));
  let rowCount = 0;
  const readDays = async (pages: PageSource) => {
    for (const [index, range] of ranges.entries()) {
      const { slug, name } = workspaces[index]!.workspace;
      const prefix = `day,${csvCell(slug)},${csvCell(name)},`;
      for await (const page of pages(range, { prefix, areas, units })) {
        rowCount += page.rows;
        await send(page.bytes);
      }
    }
  };
  const { readAtSnapshot } = database();
  if (readAtSnapshot) {
    const [exported] = await tx.$queryRaw<{ snapshot: string }[]>`SELECT pg_export_snapshot() AS snapshot`;
    await readAtSnapshot(exported!.snapshot, (client) => readDays((range, cells) => copiedDayPages(client, range, productAreas, cells)));
  } else {
    const run = prismaPages(tx);
    await readDays((range, cells) => dayPages(run, range, productAreas, cells));
  }
  return rowCount;
}
