import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/api/request-context";
import { parseEnv } from "@/lib/env";

describe("clientAddress", () => {
  it("takes the entry the outermost trusted proxy appended, not what the client claimed", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientAddress("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
    expect(clientAddress("2001:db8::1", 1)).toBe("2001:db8::1");
  });

  it("takes the leftmost entry when there are fewer entries than proxies", () => {
    expect(clientAddress("203.0.113.7", 3)).toBe("203.0.113.7");
  });

  it("records no address when no proxy is trusted", () => {
    expect(clientAddress("203.0.113.7", 0)).toBeNull();
  });

  it("records no address rather than something that is not one", () => {
    expect(clientAddress(null, 1)).toBeNull();
    expect(clientAddress("", 1)).toBeNull();
    expect(clientAddress("1.2.3.4, <script>", 1)).toBeNull();
    expect(clientAddress("unknown", 1)).toBeNull();
  });

  it("trusts no proxy unless told: the default fits `next start` alone in front", () => {
    expect(parseEnv({ NODE_ENV: "test", NEXTAUTH_SECRET: "x".repeat(40) }).TRUSTED_PROXY_HOPS).toBe(0);
  });
});
