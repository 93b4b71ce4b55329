import { createGunzip, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cachedReport, preferredEncoding, reportBody } from "@/lib/usage/report-body";

const fields = { completeThrough: "2026-11-22T05:00:00.000Z", generatedAt: "2026-11-22T05:00:01.000Z" };

function sampleReport(rows: number): string {
  return JSON.stringify({
    period: { start: "2026-11-01", end: "2026-11-30", timeZone: "Europe/Zürich" },
    daily: Array.from({ length: rows }, (_, i) => ({ date: `2026-11-${String((i % 30) + 1).padStart(2, "0")}`, productArea: `área-${i % 13}`, quantity: `${i}.125` })),
  });
}

async function streamGunzip(body: Buffer): Promise<string> {
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  gunzip.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => gunzip.on("end", resolve).on("error", reject));
  for (let i = 0; i < body.length; i += 7) gunzip.write(body.subarray(i, i + 7)); // odd-sized pieces
  gunzip.end();
  await done;
  return Buffer.concat(chunks).toString("utf8");
}

describe("reportBody", () => {
  it.each([0, 1, 40, 5_000])("appends the per-request fields to a report of %i rows, as identity and as gzip", async (rows) => {
    const json = sampleReport(rows);
    const report = cachedReport(json);
    const expected = { ...JSON.parse(json), ...fields };

    const identity = reportBody(report, fields, "identity").toString("utf8");
    expect(JSON.parse(identity)).toEqual(expected);

    const gzipped = reportBody(report, fields, "gzip");
    expect(gunzipSync(gzipped).toString("utf8")).toBe(identity); // the trailer's CRC and length are checked
    expect(await streamGunzip(gzipped)).toBe(identity);
    // The deflated report is made once and reused: a second body with other fields still decodes.
    const later = { completeThrough: fields.generatedAt, generatedAt: "2026-11-22T05:00:02.000Z" };
    expect(JSON.parse(gunzipSync(reportBody(report, later, "gzip")).toString("utf8"))).toEqual({ ...JSON.parse(json), ...later });
  });

  it("compresses a large report to a fraction of its size", () => {
    const report = cachedReport(sampleReport(5_000));
    expect(reportBody(report, fields, "gzip").length).toBeLessThan(report.head.length / 5);
  });

  it("handles an empty report object", () => {
    const report = cachedReport("{}");
    expect(JSON.parse(reportBody(report, fields, "identity").toString())).toEqual(fields);
    expect(JSON.parse(gunzipSync(reportBody(report, fields, "gzip")).toString())).toEqual(fields);
  });

  it("refuses anything but a JSON object", () => {
    expect(() => cachedReport("[1,2]")).toThrow(/JSON object/);
  });
});

describe("preferredEncoding", () => {
  it.each([
    [null, "identity"],
    ["", "identity"],
    ["gzip", "gzip"],
    ["gzip, deflate, br, zstd", "gzip"],
    ["br;q=1.0, gzip;q=0.8, *;q=0.1", "gzip"],
    ["x-gzip", "gzip"],
    ["*", "gzip"],
    ["gzip;q=0", "identity"],
    ["gzip;q=0.000, *", "identity"],
    ["identity", "identity"],
    ["br, deflate", "identity"],
    ["*;q=0", "identity"],
  ] as const)("Accept-Encoding %j → %s", (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});
