import "server-only";
import { ApiError } from "@/lib/errors/api-error";
import { noteProducer } from "@/lib/observability/request-log";
import type { RequestContext } from "@/lib/access/domain-context";
import type { Producer } from "./producer-key";
import { producerForToken } from "./producer-store";

/**
 * Metering producers send their producer key (or, until they move, METERING_INGEST_TOKEN) as the
 * bearer token. Matched in constant time (producer-key.ts); the request log names the producer.
 */
export async function requireProducer(request: Request, context: RequestContext, now?: Date): Promise<Producer> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const producer = match ? await producerForToken(match[1]!, { now, address: context.ip }) : null;
  if (!producer) {
    throw new ApiError("unauthenticated", "Send a producer key (or the metering ingest token) as `Authorization: Bearer <key>`.");
  }
  noteProducer(producer.name);
  return producer;
}
