import { describe, expect, it } from "vitest";
import { BinaryCopyText, NullRowError } from "@/lib/exports/binary-copy-text";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

/** What `COPY (SELECT <text>) TO STDOUT (FORMAT binary)` sends for these rows (null = SQL NULL). */
function copyOutput(rows: (string | null)[]): Buffer {
  const parts = [SIGNATURE, Buffer.alloc(8)];
  for (const row of rows) {
    const head = Buffer.alloc(6);
    head.writeInt16BE(1, 0);
    const text = row === null ? null : Buffer.from(row, "utf8");
    head.writeInt32BE(text === null ? -1 : text.length, 2);
    parts.push(head, ...(text ? [text] : []));
  }
  const end = Buffer.alloc(2);
  end.writeInt16BE(-1, 0);
  return Buffer.concat([...parts, end]);
}

function read(data: Buffer, chunkSize: number, pageBytes: number) {
  const reader = new BinaryCopyText(pageBytes);
  const pages: { rows: number; bytes: Buffer }[] = [];
  for (let offset = 0; offset < data.length; offset += chunkSize) pages.push(...reader.push(data.subarray(offset, offset + chunkSize)));
  const last = reader.finish();
  if (last) pages.push(last);
  return { pages, rows: reader.rows };
}

const ROWS = [
  "day,acme,Acme,2026-11-01,compute,Compute,vCPU-hours,12.5,3\r\n",
  "",
  'day,"x, ""y""",Ünïcødé ✓,2026-11-02,a,"b\nc",u,0,1\r\n',
];

describe("BinaryCopyText", () => {
  it("returns exactly the rows' text, whatever the chunk and page sizes", () => {
    const data = copyOutput([...ROWS, ...ROWS, ...ROWS]);
    const expected = Buffer.from(ROWS.join("").repeat(3), "utf8");
    for (const chunkSize of [1, 2, 3, 5, 6, 7, 19, 20, 64, data.length]) {
      for (const pageBytes of [1, 7, 64, 4096]) {
        const { pages, rows } = read(data, chunkSize, pageBytes);
        expect(Buffer.concat(pages.map((p) => p.bytes)).equals(expected)).toBe(true);
        expect(rows).toBe(9);
        expect(pages.reduce((sum, p) => sum + p.rows, 0)).toBe(9);
        expect(pages.every((p) => p.bytes.length <= pageBytes)).toBe(true);
      }
    }
  });

  it("handles an empty result", () => {
    expect(read(copyOutput([]), 3, 64)).toEqual({ pages: [], rows: 0 });
  });

  it("refuses a NULL row, output that is not COPY binary, and output cut short", () => {
    expect(() => read(copyOutput(["a", null]), 5, 64)).toThrow(NullRowError);
    expect(() => read(Buffer.from("day,acme\r\n".repeat(3)), 4, 64)).toThrow("not COPY binary output");
    const whole = copyOutput(["abc"]);
    expect(() => read(whole.subarray(0, whole.length - 2), 4, 64)).toThrow("without its end-of-data marker");
  });
});
