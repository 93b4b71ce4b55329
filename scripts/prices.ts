// npm run prices -- show --workspace <slug|id>
// npm run prices -- set --workspace <slug|id> --file book.json --by <staff email> [--replace]
// Staff read and set price books (docs/pricing.md); every change is audited.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { systemDb } from "@/lib/db";
import { PriceBookRefused, setPriceBook } from "@/lib/pricing/set-price-book";
import { runCli } from "./run-cli";
import { formatCalendarDate } from "@/lib/periods/calendar-date";

const USAGE =
  "Usage: npm run prices -- show --workspace <slug|id>\n       npm run prices -- set --workspace <slug|id> --file book.json --by <staff email> [--replace]";

async function show(workspace: string) {
  const found = await systemDb().workspace.findFirst({ where: { OR: [{ slug: workspace }, { id: workspace }] } });
  if (!found) throw new Error(`No workspace ${workspace}.`);
  const books = await systemDb().priceBook.findMany({
    where: { workspaceId: found.id },
    orderBy: { effectiveFrom: "asc" },
    include: { createdBy: { select: { email: true } } },
  });
  if (books.length === 0) console.log(`${found.slug}: no price book.`);
  for (const book of books) {
    console.log(
      `${found.slug}: from ${formatCalendarDate(book.effectiveFrom)} in ${book.currency}, set by ${book.createdBy.email} at ${book.createdAt.toISOString()}`,
    );
    console.log(
      JSON.stringify({ currency: book.currency, effectiveFrom: formatCalendarDate(book.effectiveFrom), items: book.items }, null, 2),
    );
  }
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { workspace: { type: "string" }, file: { type: "string" }, by: { type: "string" }, replace: { type: "boolean" } },
  });
  const [command] = positionals;
  if (!values.workspace || (command !== "show" && command !== "set")) throw new Error(USAGE);
  if (command === "show") return show(values.workspace);
  if (!values.file || !values.by) throw new Error(USAGE);
  try {
    const book: unknown = JSON.parse(readFileSync(values.file, "utf8"));
    const result = await setPriceBook({ workspace: values.workspace, book, by: values.by, replace: values.replace });
    console.log(`${result.replaced ? "Replaced" : "Added"} the price book of ${result.workspace} from ${result.effectiveFrom} (audited).`);
  } catch (error) {
    if (error instanceof PriceBookRefused || error instanceof SyntaxError) throw new Error(`Refused: ${error.message}`);
    throw error;
  }
}

runCli(main);
