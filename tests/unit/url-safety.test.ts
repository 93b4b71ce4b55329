import { describe, expect, it } from "vitest";
import { forbiddenAddressReason, parseWebhookUrl, safeLookup, UnsafeUrlError, type UrlPolicy } from "@/lib/notifications/url-safety";

const strict: UrlPolicy = { allowAll: false, allowedHosts: [] };

describe("webhook URL safety", () => {
  it("allows only public unicast addresses, naming what the others are", () => {
    expect(forbiddenAddressReason("93.184.215.14")).toBeNull();
    expect(forbiddenAddressReason("2606:2800:21f:cb07:6820:80da:af6b:8b2c")).toBeNull();
    expect(forbiddenAddressReason("169.254.169.254")).toMatch(/link-local.*metadata/);
    expect(forbiddenAddressReason("10.1.2.3")).toBe("is a private address");
    expect(forbiddenAddressReason("192.168.0.1")).toBe("is a private address");
    expect(forbiddenAddressReason("127.0.0.1")).toBe("is a loopback address");
    expect(forbiddenAddressReason("::1")).toBe("is a loopback address");
    expect(forbiddenAddressReason("::ffff:127.0.0.1")).toBe("is a loopback address");
    expect(forbiddenAddressReason("0.0.0.0")).toBe("is an unspecified address");
    expect(forbiddenAddressReason("100.100.100.200")).toBe("is a carrier-grade NAT address");
    expect(forbiddenAddressReason("fd00:ec2::254")).toBe("is a unique-local address");
    expect(forbiddenAddressReason("224.0.0.1")).toBe("is a multicast address");
  });

  it("wants https without credentials, http only for allowed hosts", () => {
    expect(parseWebhookUrl("https://hooks.example.com/billing", strict).hostname).toBe("hooks.example.com");
    expect(() => parseWebhookUrl("http://hooks.example.com/", strict)).toThrow(/must use https/);
    expect(() => parseWebhookUrl("ftp://hooks.example.com/", strict)).toThrow(UnsafeUrlError);
    expect(() => parseWebhookUrl("https://user:pass@hooks.example.com/", strict)).toThrow(/user name or password/);
    expect(() => parseWebhookUrl("not a url", strict)).toThrow(/absolute/);
    expect(parseWebhookUrl("http://localhost:9000/", { allowAll: false, allowedHosts: ["localhost"] }).port).toBe("9000");
    expect(parseWebhookUrl("http://10.0.0.5/", { allowAll: true, allowedHosts: [] }).protocol).toBe("http:");
  });

  it("refuses the connection when the name resolves to a loopback address, unless the host is allowed", async () => {
    const lookup = (policy: UrlPolicy) =>
      new Promise<string>((resolve, reject) =>
        safeLookup(policy)("localhost", {}, (error, address) => (error ? reject(error) : resolve(String(address)))),
      );
    await expect(lookup(strict)).rejects.toThrow(/localhost resolves to .*loopback/);
    await expect(lookup({ allowAll: false, allowedHosts: ["localhost"] })).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
