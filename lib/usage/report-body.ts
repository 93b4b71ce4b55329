// A cached usage report and the per-request fields, spliced into one response body without
// re-serialising, re-encoding or re-compressing the report (140 KB for the largest workspace,
// megabytes for a multi-workspace view). The report's bytes are kept without their closing brace;
// each response appends `,"completeThrough":…,"generatedAt":…}`.
//
// gzip: the report is deflated once, ended with a sync flush (byte-aligned, not final), and each
// response appends a tiny final deflate stream of its own fields, then the gzip trailer (the CRC
// continued over the appended bytes, and the total length). The result is one ordinary gzip
// member that any decoder reads.
import { constants, crc32, deflateRawSync } from "node:zlib";

export interface CachedReport {
  /** The report's UTF-8 JSON without its closing brace. */
  head: Buffer;
  /** CRC-32 of `head`. */
  crc: number;
  /** `head` deflated and sync-flushed, made on the first gzip response. */
  deflatedHead?: Buffer;
}

export type BodyEncoding = "gzip" | "identity";

// ID1 ID2, CM = deflate, no flags, no mtime, XFL 0, OS unknown (RFC 1952).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

export function cachedReport(json: string): CachedReport {
  if (!json.startsWith("{") || !json.endsWith("}")) throw new Error("A usage report must be a JSON object.");
  const head = Buffer.from(json.slice(0, -1));
  return { head, crc: crc32(head) };
}

/** The response body: the report with `fields` appended as its last members. */
export function reportBody(report: CachedReport, fields: Record<string, string>, encoding: BodyEncoding): Buffer<ArrayBuffer> {
  const tail = Buffer.from(`${report.head.length > 1 ? "," : ""}${JSON.stringify(fields).slice(1)}`);
  if (encoding === "identity") return Buffer.concat([report.head, tail]);
  report.deflatedHead ??= deflateRawSync(report.head, { finishFlush: constants.Z_SYNC_FLUSH });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(tail, report.crc), 0);
  trailer.writeUInt32LE((report.head.length + tail.length) % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, report.deflatedHead, deflateRawSync(tail), trailer]);
}

/** gzip when the client accepts it (by name or `*`, and not refused with q=0), else identity. */
export function preferredEncoding(acceptEncoding: string | null): BodyEncoding {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";").map((p) => p.trim());
    const q = params.find((p) => p.startsWith("q="));
    weights.set(coding === "x-gzip" ? "gzip" : coding, q ? Number(q.slice(2)) || 0 : 1);
  }
  return (weights.get("gzip") ?? weights.get("*") ?? 0) > 0 ? "gzip" : "identity";
}
