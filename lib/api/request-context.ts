// What every audited request carries: who asked, from where, under which request id.
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";

export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestContext(request: Request): RequestContext {
  return requestContextFrom(request.headers);
}

/** The same, from a page's request headers (`headers()` in a server component). */
export function requestContextFrom(headers: Pick<Headers, "get">): RequestContext {
  const incoming = headers.get("x-request-id");
  return {
    requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
    ip: clientAddress(headers.get("x-forwarded-for"), env().TRUSTED_PROXY_HOPS),
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/**
 * The client's address as the outermost trusted proxy saw it. Proxies append to
 * X-Forwarded-For, so everything left of their entries is whatever the client sent and proves
 * nothing. Without a proxy, Next fills the header with the socket's address when the client
 * sent none (docs/decisions.md, "Audited client addresses").
 */
export function clientAddress(forwardedFor: string | null, trustedHops: number): string | null {
  if (trustedHops === 0) return null;
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const address = entries[Math.max(0, entries.length - trustedHops)];
  return address && /^[0-9A-Fa-f:.]{2,45}$/.test(address) ? address : null;
}
