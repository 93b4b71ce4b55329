// docs/architecture.md maps every folder of lib/: a folder added, renamed or removed without the
// map following fails here, naming the folder.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

function libFolders(): string[] {
  return readdirSync("lib", { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The folders listed under `lib/` in the first fenced block of the document (the folder map). */
function mappedLibFolders(markdown: string): string[] {
  const map = /```\n([\s\S]*?)```/.exec(markdown)?.[1] ?? "";
  const lib = /^lib\/\n((?:[ ]{2}.*\n|[ ]{4,}.*\n)*)/m.exec(map)?.[1] ?? "";
  return [...lib.matchAll(/^ {2}([\w-]+)\/ /gm)].map((match) => match[1]!).sort();
}

describe("docs/architecture.md folder map", () => {
  const mapped = mappedLibFolders(readFileSync("docs/architecture.md", "utf8"));

  it("names every folder of lib/", () => {
    expect(libFolders().filter((folder) => !mapped.includes(folder))).toEqual([]);
  });

  it("names no folder lib/ no longer has", () => {
    expect(mapped.filter((folder) => !libFolders().includes(folder))).toEqual([]);
  });

  it("reads the folders under lib/ only, from the map's own lines", () => {
    const doc = "```\napp/   pages\nlib/\n  access/   who\n                     more text\n  usage/    reports\nprisma/   schema\n```\n";
    expect(mappedLibFolders(doc)).toEqual(["access", "usage"]);
  });
});
