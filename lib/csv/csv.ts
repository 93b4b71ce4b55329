// CSV encoding for exports: RFC 4180 (papaparse: quoting, CRLF), UTF-8, and cells that a
// spreadsheet would run as a formula neutralised (OWASP CSV injection guidance).
import Papa from "papaparse";

const FORMULA_START = /^\s*[=+\-@\t\r\n]/;

/** Prefixes a quote to text a spreadsheet would otherwise evaluate; numbers pass unchanged. */
export function neutralise(cell: string | number): string | number {
  return typeof cell === "string" && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function csvLines(rows: (string | number)[][]): string {
  if (rows.length === 0) return "";
  return `${Papa.unparse(
    rows.map((row) => row.map(neutralise)),
    { newline: "\r\n", quotes: false, escapeFormulae: false },
  )}\r\n`;
}

/**
 * One cell, encoded exactly as `csvLines` would encode it within a row (quoting is decided per
 * cell). The export writes its millions of day rows as template strings with these: same bytes,
 * a fraction of the work.
 */
export function csvCell(value: string): string {
  return Papa.unparse([[neutralise(value)]], { newline: "\r\n", quotes: false, escapeFormulae: false });
}
