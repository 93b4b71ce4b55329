import { describe, expect, it } from "vitest";
import { csvCell, csvLines, neutralise } from "@/lib/csv/csv";

const awkward = ["plain", "a,b", 'say "hi"', "line\nbreak", " padded ", "=SUM(A1)", "  -1", "@x", "\tTab", "\rCR", "+1", "ünïcode"];

describe("CSV encoding", () => {
  it("encodes a cell alone exactly as inside a row", () => {
    for (const value of awkward) {
      expect(`${csvCell(value)},x\r\n`).toBe(csvLines([[value, "x"]]));
    }
  });

  it("neutralises formula starters, also after leading whitespace, and leaves numbers alone", () => {
    expect(["=SUM(A1)", "  -1", "@x", "\tTab", "\rCR", "\nLF", "+1"].map(neutralise)).toEqual([
      "'=SUM(A1)",
      "'  -1",
      "'@x",
      "'\tTab",
      "'\rCR",
      "'\nLF",
      "'+1",
    ]);
    expect(neutralise(-5)).toBe(-5);
    expect(neutralise("plain")).toBe("plain");
  });

  it("quotes per RFC 4180 with CRLF line ends", () => {
    expect(csvLines([["a,b", 'q"q', "n\nl"]])).toBe('"a,b","q""q","n\nl"\r\n');
  });
});
