// The producer keys for staff (GET /api/metering/producers): names, prefixes, scopes, expiry and
// last use, never a key or a hash. Keys write to every workspace in their scope, so no workspace
// role is enough to see them: staff only.
import "server-only";
import type { ActorContext, DomainCall } from "@/lib/access/domain-context";
import { ApiError } from "@/lib/errors/api-error";
import { listProducerKeys } from "./manage-producer-keys";
import type { ProducerKeysResponse } from "./producer-key-response";

export async function listProducers({ ctx }: DomainCall<ActorContext>): Promise<ProducerKeysResponse> {
  if (ctx.actor.staffRole === null) throw new ApiError("forbidden", "Only staff may list the metering producers.");
  return { producers: await listProducerKeys() };
}
