import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "@/lib/errors/api-error";
import { env } from "@/lib/env";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Metering producers are internal services holding METERING_INGEST_TOKEN. */
export function requireIngestToken(request: Request): void {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  // Comparing fixed-length digests keeps the check constant-time whatever the token's length.
  if (!match || !timingSafeEqual(digest(match[1]!), digest(env().ingestToken))) {
    throw new ApiError("unauthenticated", "Send the metering ingest token as `Authorization: Bearer <token>`.");
  }
}
