// Reads the output of `COPY (SELECT <one text column> …) TO STDOUT (FORMAT binary)` as a plain
// byte stream: the text of every row, back to back, in fixed-size pages. No JS string is made for
// any row, so a large export allocates almost nothing on the V8 heap.
//
// The format (PostgreSQL docs, "Binary Format"): an 11-byte signature, a 32-bit flags field and a
// 32-bit header-extension length; then per row a 16-bit field count and, per field, a 32-bit
// length (-1 for NULL) and that many bytes; finally a 16-bit -1. Chunks may split any of these.

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_BYTES = SIGNATURE.length + 8;
const ROW_HEADER_BYTES = 6;

export class NullRowError extends Error {
  override name = "NullRowError";
}

export class BinaryCopyText {
  private header = Buffer.alloc(HEADER_BYTES);
  private headerFill = 0;
  private rowHeader = Buffer.alloc(ROW_HEADER_BYTES);
  private rowHeaderFill = 0;
  /** Bytes of the current row's text still to come. */
  private remaining = 0;
  private ended = false;
  private page: Buffer;
  private used = 0;
  private rowsInPage = 0;
  /** Rows whose text has been completely read. */
  rows = 0;

  constructor(private readonly pageBytes = 64 * 1024) {
    this.page = Buffer.allocUnsafe(pageBytes);
  }

  /** Feeds one chunk; returns the pages it filled (each with the rows completed in it). */
  push(chunk: Uint8Array): { rows: number; bytes: Buffer }[] {
    const pages: { rows: number; bytes: Buffer }[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.ended) throw new Error("COPY data after the end-of-data marker");
      if (this.headerFill < HEADER_BYTES) {
        const n = Math.min(HEADER_BYTES - this.headerFill, chunk.length - offset);
        this.header.set(chunk.subarray(offset, offset + n), this.headerFill);
        this.headerFill += n;
        offset += n;
        if (this.headerFill === HEADER_BYTES && !this.header.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
          throw new Error("not COPY binary output");
        }
        if (this.headerFill === HEADER_BYTES && this.header.readUInt32BE(SIGNATURE.length + 4) !== 0) {
          throw new Error("unexpected COPY header extension");
        }
        continue;
      }
      if (this.remaining > 0) {
        if (this.used === this.pageBytes) pages.push(this.takePage());
        const n = Math.min(this.remaining, chunk.length - offset, this.pageBytes - this.used);
        this.page.set(chunk.subarray(offset, offset + n), this.used);
        this.used += n;
        this.remaining -= n;
        offset += n;
        if (this.remaining === 0) this.rowDone();
        continue;
      }
      // A row header: field count (2 bytes; -1 ends the data), then the field's length (4 bytes).
      const want = this.rowHeaderFill < 2 ? 2 : ROW_HEADER_BYTES;
      const n = Math.min(want - this.rowHeaderFill, chunk.length - offset);
      this.rowHeader.set(chunk.subarray(offset, offset + n), this.rowHeaderFill);
      this.rowHeaderFill += n;
      offset += n;
      if (this.rowHeaderFill === 2) {
        const fields = this.rowHeader.readInt16BE(0);
        if (fields === -1) {
          this.ended = true;
          this.rowHeaderFill = 0;
        } else if (fields !== 1) {
          throw new Error(`expected one column per COPY row, got ${fields}`);
        }
      } else if (this.rowHeaderFill === ROW_HEADER_BYTES) {
        const length = this.rowHeader.readInt32BE(2);
        this.rowHeaderFill = 0;
        if (length === -1) throw new NullRowError("a COPY row's text is NULL");
        this.remaining = length;
        if (length === 0) this.rowDone();
      }
    }
    return pages;
  }

  /** After the last chunk: the partly filled page, if any. Throws if the data was cut short. */
  finish(): { rows: number; bytes: Buffer } | null {
    if (!this.ended) throw new Error("COPY data ended without its end-of-data marker");
    return this.used > 0 || this.rowsInPage > 0 ? this.takePage() : null;
  }

  private rowDone() {
    this.rows += 1;
    this.rowsInPage += 1;
  }

  private takePage() {
    const page = { rows: this.rowsInPage, bytes: this.page.subarray(0, this.used) };
    this.page = Buffer.allocUnsafe(this.pageBytes);
    this.used = 0;
    this.rowsInPage = 0;
    return page;
  }
}
