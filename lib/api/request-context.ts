// What every audited request carries: who asked, from where, under which request id.
import { randomUUID } from "node:crypto";

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
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
    ip: forwarded || headers.get("x-real-ip") || null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
