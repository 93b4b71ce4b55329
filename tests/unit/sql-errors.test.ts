import { describe, expect, it } from "vitest";
import { isDataError, sqlState } from "@/lib/db/sql-errors";

describe("sqlState", () => {
  it("reads pg's error code", () => {
    expect(sqlState(Object.assign(new Error("numeric field overflow"), { code: "22003" }))).toBe("22003");
    expect(isDataError(Object.assign(new Error("x"), { code: "22003" }))).toBe(true);
    expect(isDataError(Object.assign(new Error("x"), { code: "54001" }))).toBe(true);
    expect(isDataError(Object.assign(new Error("x"), { code: "40P01" }))).toBe(false);
  });

  it("reads the code Prisma's PostgreSQL adapter passes on, and never takes Prisma's own code for one", () => {
    const viaAdapter = { code: "P2010", clientVersion: "6.19.3", meta: { driverAdapterError: { cause: { originalCode: "22003" } } } };
    expect(sqlState(viaAdapter)).toBe("22003");
    expect(sqlState({ code: "P2010", clientVersion: "6.19.3", meta: {} })).toBeNull();
  });

  it("knows nothing of other errors", () => {
    for (const error of [null, undefined, "22003", new Error("plain"), { code: 22003 }, { code: "ECONNRESET" }]) {
      expect(sqlState(error)).toBeNull();
      expect(isDataError(error)).toBe(false);
    }
  });
});
