// Server-side request forgery: a webhook URL is where this server will send requests, so it may
// not reach the server's own network. A URL must be https (http only in demo mode or for hosts
// listed in WEBHOOK_ALLOWED_HOSTS), carry no credentials, and its host must resolve only to public
// unicast addresses. The check runs when the endpoint is created and again at every delivery, on
// the very addresses the connection then uses (safeLookup), since DNS answers can change.
import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";

export interface UrlPolicy {
  /** Demo mode: every host is allowed (a local receiver). */
  allowAll: boolean;
  /** Lower-case host names allowed whatever they resolve to, and over http. */
  allowedHosts: readonly string[];
}

export const urlPolicyFromEnv = (): UrlPolicy => ({ allowAll: env().DEMO_MODE, allowedHosts: env().WEBHOOK_ALLOWED_HOSTS });

export class UnsafeUrlError extends Error {
  override name = "UnsafeUrlError";
}

const MAX_URL_LENGTH = 2048;

/** The URL as it will be used, or UnsafeUrlError saying what is wrong with it (no DNS lookup). */
export function parseWebhookUrl(text: string, policy: UrlPolicy): URL {
  if (text.length > MAX_URL_LENGTH) throw new UnsafeUrlError(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UnsafeUrlError("must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UnsafeUrlError("must use https");
  if (url.username || url.password) throw new UnsafeUrlError("must not carry a user name or password");
  if (url.protocol === "http:" && !hostIsAllowed(url.hostname, policy)) {
    throw new UnsafeUrlError("must use https (http only for hosts an operator allows)");
  }
  return url;
}

const hostname = (host: string) => host.replace(/^\[|\]$/g, "").toLowerCase();

function hostIsAllowed(host: string, policy: UrlPolicy): boolean {
  return policy.allowAll || policy.allowedHosts.includes(hostname(host));
}

/** ipaddr.js's range names, as a sentence says them. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (where cloud metadata services live)",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT address",
  private: "a private address",
  reserved: "a reserved address",
  uniqueLocal: "a unique-local address",
  benchmarking: "a benchmarking address",
  amt: "an AMT relay address",
  as112: "an AS112 address",
  deprecated: "a deprecated address",
  orchid2: "an ORCHIDv2 address",
  rfc6145: "an IPv4-translated address",
  rfc6052: "an IPv4-embedded address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
  ipv4Mapped: "an IPv4-mapped address",
  discard: "a discard-only address",
};

/** Why an address may not be connected to, or null when it is public unicast. */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return "is not an IP address";
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  // Everything but ordinary public unicast: loopback, private, link-local (cloud metadata at
  // 169.254.169.254), carrier-grade NAT (another metadata address), unique-local (fd00:ec2::254),
  // multicast, reserved, unspecified and the IPv6 transition ranges that embed another address.
  return range === "unicast" ? null : `is ${RANGE_WORDS[range] ?? `not a public address (${range})`}`;
}

/** Resolves the URL's host and refuses it unless every address is public (or the host is allowed). */
export async function checkWebhookTarget(url: URL, policy: UrlPolicy): Promise<void> {
  if (hostIsAllowed(url.hostname, policy)) return;
  const addresses = await resolveAll(hostname(url.hostname));
  for (const { address } of addresses) {
    const reason = forbiddenAddressReason(address);
    if (reason) throw new UnsafeUrlError(`resolves to ${address}, which ${reason}`);
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  if (isIP(host)) return Promise.resolve([{ address: host, family: isIP(host) }]);
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(new UnsafeUrlError(`cannot be resolved (${error.code ?? error.message})`)) : resolve(addresses),
    ),
  );
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * For http(s).request's `lookup` option: resolves as Node would, then refuses the connection when
 * any answer is not public, so what was checked is what is connected to (no second lookup for a
 * rebinding DNS server to answer differently).
 */
export function safeLookup(policy: UrlPolicy) {
  return (host: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, [], undefined);
      const allowed = hostIsAllowed(host, policy);
      const bad = allowed ? undefined : addresses.find(({ address }) => forbiddenAddressReason(address) !== null);
      if (bad)
        return callback(
          new UnsafeUrlError(`${host} resolves to ${bad.address}, which ${forbiddenAddressReason(bad.address)}`),
          [],
          undefined,
        );
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new UnsafeUrlError(`${host} has no address`), [], undefined);
      callback(null, first.address, first.family);
    });
  };
}
