import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rememberedDecode } from "@/lib/auth/session-token";

const secret = "unit-test-secret-0123456789abcdef0123456789";

afterEach(() => vi.useRealTimers());

describe("rememberedDecode", () => {
  it("decodes a session token, and the same token again", async () => {
    const token = await encode({ token: { sub: "user_1", email: "a@example.com" }, secret, maxAge: 3600 });
    expect(await rememberedDecode({ token, secret })).toMatchObject({ sub: "user_1" });
    expect(await rememberedDecode({ token, secret })).toMatchObject({ sub: "user_1" });
  });

  it("refuses a remembered token once it has expired, beyond next-auth's clock tolerance", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-22T12:00:00Z") });
    const token = await encode({ token: { sub: "user_2" }, secret, maxAge: 60 });
    expect(await rememberedDecode({ token, secret })).toMatchObject({ sub: "user_2" });
    vi.setSystemTime(new Date("2026-11-22T12:01:10Z")); // expired 10 s ago: within the tolerance
    expect(await rememberedDecode({ token, secret })).toMatchObject({ sub: "user_2" });
    vi.setSystemTime(new Date("2026-11-22T12:01:20Z"));
    await expect(rememberedDecode({ token, secret })).rejects.toThrow(/exp/);
  });

  it("refuses a token under another secret even after it was decoded once", async () => {
    const token = await encode({ token: { sub: "user_3" }, secret, maxAge: 3600 });
    expect(await rememberedDecode({ token, secret })).toMatchObject({ sub: "user_3" });
    await expect(rememberedDecode({ token, secret: `${secret}-other` })).rejects.toThrow();
  });

  it("refuses an altered token", async () => {
    const token = await encode({ token: { sub: "user_4" }, secret, maxAge: 3600 });
    const altered = `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    await expect(rememberedDecode({ token: altered, secret })).rejects.toThrow();
  });
});
