// The one shape of a domain call: `verbEntity({ ctx, input })`. `ctx` says who asks and for which
// request (audited with every read); `input` is what was asked, already validated. Route wrappers
// (lib/api/route.ts) and pages build the context (lib/api/request-context.ts); domain code never reads
// a request itself.
import type { Actor } from "./actor";
import type { WorkspaceAccess } from "./workspace-access";

/** What every audited request carries: who asked, from where, under which request id. */
export interface RequestContext {
  /** This server's id for the request, always generated here (the `x-request-id` response header). */
  requestId: string;
  /** The `x-request-id` the client sent, if well-formed: kept apart, since anyone can send any. */
  clientRequestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Any call made for a request, including token-authenticated ones (producers, operators). */
export interface DomainContext {
  request: RequestContext;
}

/** A call by a signed-in user. */
export interface ActorContext extends DomainContext {
  actor: Actor;
}

/** A call on workspaces the access helper checked: every tenant query is scoped by `access.scope`. */
export interface WorkspaceContext extends ActorContext {
  access: WorkspaceAccess;
}

export interface DomainCall<C extends DomainContext, I = undefined> {
  ctx: C;
  input: I;
}
