// What every audited request carries: who asked, from where, under which request id.
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestContext(request: Request): RequestContext {
  const incoming = request.headers.get("x-request-id");
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
    ip: forwarded || request.headers.get("x-real-ip") || null,
    userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
