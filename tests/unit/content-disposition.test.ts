import { describe, expect, it } from "vitest";
import { contentDisposition } from "@/lib/csv/csv-response";

describe("contentDisposition", () => {
  it("keeps a plain name as it is", () => {
    expect(contentDisposition("usage-acme-2026-11-01_2026-11-30.csv")).toBe('attachment; filename="usage-acme-2026-11-01_2026-11-30.csv"');
  });

  it("cannot be broken out of by quotes, semicolons or line breaks", () => {
    const header = contentDisposition('audit-x"; filename=evil.html\r\nSet-Cookie: a=b.csv');
    expect(header).toMatch(/^attachment; filename="audit-x__[^"]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(header).not.toMatch(/[\r\n]/);
    expect(() => new Headers({ "content-disposition": header })).not.toThrow();
  });

  it("carries a non-ASCII name percent-encoded next to an ASCII fallback", () => {
    const header = contentDisposition("audit-рога-2026-11-30.csv");
    expect(header).toBe(`attachment; filename="audit-____-2026-11-30.csv"; filename*=UTF-8''audit-%D1%80%D0%BE%D0%B3%D0%B0-2026-11-30.csv`);
    expect(() => new Headers({ "content-disposition": header })).not.toThrow();
  });
});
