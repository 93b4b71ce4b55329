import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseDocumented } from "../support/documented-response";

const page = z.object({ items: z.array(z.object({ id: z.string(), note: z.string().optional() })), nextCursor: z.string().nullable() });

describe("parseDocumented", () => {
  it("passes a body with exactly the documented fields, optional ones left out", () => {
    expect(parseDocumented(page, { items: [{ id: "a" }], nextCursor: null })).toEqual({ items: [{ id: "a" }], nextCursor: null });
  });

  it("fails on a field the API sends but the schema does not name, however deep", () => {
    expect(() => parseDocumented(page, { items: [{ id: "a", extra: 1 }], nextCursor: null })).toThrow(/body\.items\[0\]\.extra/);
    expect(() => parseDocumented(page, { items: [], nextCursor: null, total: 0 })).toThrow(/does not name/);
  });

  it("fails on a field the schema requires but the API left out", () => {
    expect(() => parseDocumented(page, { items: [{ note: "x" }], nextCursor: null })).toThrow(z.ZodError);
  });
});
