// The context of a request (lib/access/domain-context.ts), read from its headers: the request id, the
// client's address and user agent.
import "server-only";
import { randomUUID } from "node:crypto";
import type { RequestContext } from "@/lib/access/domain-context";
import { env } from "@/lib/env";
import { httpEntryInstalled, PEER_ADDRESS_HEADER } from "./entry-headers";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestContext(request: Request): RequestContext {
  return requestContextFrom(request.headers);
}

/** The same, from a page's request headers (`headers()` in a server component). */
export function requestContextFrom(headers: Pick<Headers, "get">): RequestContext {
  const incoming = headers.get("x-request-id");
  const hops = env().TRUSTED_PROXY_HOPS;
  return {
    requestId: randomUUID(),
    clientRequestId: incoming && REQUEST_ID.test(incoming) ? incoming : null,
    ip: hops === 0 ? peerAddress(headers) : clientAddress(headers.get("x-forwarded-for"), hops),
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/** With no proxy in front: the socket's, as the HTTP entry hook recorded it (lib/api/http-entry.ts). */
function peerAddress(headers: Pick<Headers, "get">): string | null {
  return httpEntryInstalled() ? asAddress(headers.get(PEER_ADDRESS_HEADER)) : null;
}

/**
 * Behind `trustedHops` proxies: the client's address as the outermost one saw it. Proxies append
 * to X-Forwarded-For, so everything left of their entries is whatever the client sent and proves
 * nothing (docs/decisions/0053-audited-addresses-and-request-ids.md).
 */
export function clientAddress(forwardedFor: string | null, trustedHops: number): string | null {
  if (trustedHops === 0) return null;
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return asAddress(entries[Math.max(0, entries.length - trustedHops)]);
}

function asAddress(value: string | null | undefined): string | null {
  return value && /^[0-9A-Fa-f:.]{2,45}$/.test(value) ? value : null;
}
