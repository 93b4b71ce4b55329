// Route handler wiring: request id → well-formed URL (400) → actor (401) → workspace permission
// (403; 404 for a resource by id the actor cannot see) → validated query and body (400, 415) →
// the handler, which calls one domain function with `ctx`. Errors become the standard error body;
// a database outage a 503 (errors.ts).
import "server-only";
import { z } from "zod";
import { requireActor, type Actor } from "@/lib/access/actor";
import type { ActorContext, DomainContext, RequestContext, WorkspaceContext } from "@/lib/access/domain-context";
import { checkAccess, featureOf, type PermissionAsked } from "@/lib/access/check-access";
import { oneWorkspace } from "@/lib/access/one-workspace";
import type { ResourceById } from "@/lib/access/resource-by-id";
import type { WorkspaceAccess } from "@/lib/access/workspace-access";
import { env } from "@/lib/env";
import { noteRequestIds } from "@/lib/observability/request-log";
import { ApiError } from "@/lib/errors/api-error";
import { validationError } from "@/lib/errors/validation-error";
import { answerRequest } from "./errors";
import { requestContext } from "./request-context";
import { readTextWithin } from "@/lib/streams/read-text-within";

type RouteParams = Record<string, string | string[] | undefined>;
type NextRouteContext = { params: Promise<RouteParams> };

export interface RouteArgs {
  request: Request;
  context: RequestContext;
  params: RouteParams;
  /** What the handler passes on to its domain call. */
  ctx: DomainContext;
}

export type RouteHandler = (request: Request, routeContext: NextRouteContext) => Promise<Response>;

export function apiRoute(handler: (args: RouteArgs) => Promise<Response>): RouteHandler {
  return async (request, routeContext) => {
    const context = requestContext(request);
    noteRequestIds(context.requestId, context.clientRequestId);
    return answerRequest(request, context.requestId, async () => {
      const params = (await routeContext?.params) ?? {};
      refuseNul(request, params);
      refuseRepeated(request);
      return handler({ request, context, params, ctx: { request: context } });
    });
  };
}

// PostgreSQL's text types cannot hold NUL: a query value or path segment carrying one could
// only fail deeper down, as a 500. Refused here for every endpoint at once.
function refuseNul(request: Request, params: RouteParams): void {
  const values = [...new URL(request.url).searchParams].flat().concat(
    Object.values(params)
      .flat()
      .filter((value) => value !== undefined),
  );
  if (values.some((value) => value.includes("\u0000"))) {
    throw new ApiError("bad_request", "The query string and the path must not contain NUL characters.");
  }
}

// Every parameter of this API takes one value (lists are comma-separated): a second copy could
// only be silently dropped, and the one acted on would differ from the one a reader of the URL sees.
function refuseRepeated(request: Request): void {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const [name] of new URL(request.url).searchParams) (seen.has(name) ? repeated : seen).add(name);
  if (repeated.size === 0) return;
  const names = [...repeated];
  throw new ApiError(
    "bad_request",
    `Invalid query: ${names.join(", ")} given more than once`,
    names.map((field) => ({ field, message: "must be given once (separate several values with commas)" })),
  );
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// A session cookie is sent by the browser whoever's page makes the request (SameSite=Lax still
// sends it on a top-level form POST from another site). Browsers say where a request comes from:
// Sec-Fetch-Site, and Origin on every POST, PUT, PATCH and DELETE; API clients send neither and pass.
function refuseCrossSite(request: Request): void {
  const origin = request.headers.get("origin");
  if (request.headers.get("sec-fetch-site") === "cross-site" || (origin !== null && !ownOrigins(request).includes(origin))) {
    throw new ApiError("forbidden", "This request must come from this site, or from an API client; a page on another site cannot make it.");
  }
}

// The configured address, and the one the request was made to (its Host): a browser sets both
// Host and Origin itself, so a page on another site cannot make them agree.
function ownOrigins(request: Request): string[] {
  const configured = env().NEXTAUTH_URL;
  return [new URL(request.url).origin, ...(configured ? [new URL(configured).origin] : [])];
}

export function withActor(handler: (args: RouteArgs & { actor: Actor; ctx: ActorContext }) => Promise<Response>): RouteHandler {
  return apiRoute(async (args) => {
    const actor = await requireActor(args.request);
    if (STATE_CHANGING.has(args.request.method)) refuseCrossSite(args.request);
    return handler({ ...args, actor, ctx: { actor, request: args.context } });
  });
}

/** Comma-separated workspace ids (at most 100), or `all`: every workspace the caller may use this way. */
export const workspaceIdsParam = z.union([
  z.literal("all"),
  z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .transform((value) => value.split(",").map((id) => id.trim()))
    .pipe(z.array(z.string().min(1, "must not contain empty ids").max(64)).max(100, "at most 100 ids; use all for every workspace")),
]);

/** The query as an object; `apiRoute` has refused repeated parameters already. */
export function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, what);
  return parsed.data;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The most a JSON body may hold: every such body is a small form's worth. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** A JSON body: 415 for any other content type, 413 past the limit, 400 for malformed JSON or a body the schema refuses. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type")?.split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new ApiError("unsupported_media_type", "Send the body as application/json.");
  let json: unknown;
  try {
    json = JSON.parse(await readLimitedText(request));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError("bad_request", "Invalid body: not well-formed JSON.");
  }
  return parseWith(schema, json, "body");
}

// Past 10 MB Next's proxy hands on only the first 10 MB of a body (proxyClientMaxBodySize): read
// whole, a bigger body would look cut off, not too large. So the limit is checked here, well below
// that, on the declared length and on what is actually read (a chunked body declares none).
async function readLimitedText(request: Request): Promise<string> {
  const tooLarge = () => new ApiError("payload_too_large", `The body must be at most ${MAX_JSON_BODY_BYTES / 1024 / 1024} MiB.`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BODY_BYTES) throw tooLarge();
  return readTextWithin(request.body, MAX_JSON_BODY_BYTES, tooLarge);
}

// The workspaces asked for, by `?workspaceId=` or by the resource in the path, checked in one place
// (checkAccess): the permission, and the feature flag that hides a workspace's feature from its
// users as if it did not exist.
async function checkedAccess<R>(
  args: RouteArgs & { actor: Actor },
  asked: PermissionAsked,
  resource: ResourceById<R> | undefined,
  raw: Record<string, string>,
): Promise<{ access: WorkspaceAccess; found: R | undefined }> {
  if (resource) {
    const id = String(args.params[resource.param]);
    const notFound = new ApiError("not_found", `No ${resource.name} ${id}.`);
    const found = await resource.find(id);
    if (found === null) throw notFound;
    const workspaces = { resourceOf: resource.workspaceIds(found), notFound };
    return { access: await checkAccess({ actor: args.actor, workspaces, ...asked }), found };
  }
  const workspaceIds = parseWith(z.object({ workspaceId: workspaceIdsParam }), raw, "query").workspaceId;
  const workspaces = workspaceIds === "all" ? ("all" as const) : { ids: workspaceIds };
  return { access: await checkAccess({ actor: args.actor, workspaces, ...asked }), found: undefined };
}

/**
 * For endpoints on workspaces: addressed by `?workspaceId=`, or by a resource's id in the path
 * (`resource`). Checks the permission on each workspace before anything else about the request is
 * looked at, then validates the rest of the query and, when `body` is given, the JSON body.
 */
export function withWorkspace<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined, R = undefined>(
  options: PermissionAsked & {
    query?: Q;
    body?: B;
    resource?: ResourceById<R>;
    /** The endpoint writes (a file, a record): a page on another site must not make a signed-in browser call it. */
    sameSiteOnly?: boolean;
    /** The endpoint acts on one workspace: a list or `all` is a 400 for everyone (lib/access/one-workspace.ts). */
    oneWorkspace?: boolean;
  },
  handler: (
    args: RouteArgs & { actor: Actor; access: WorkspaceAccess; ctx: WorkspaceContext; query: Parsed<Q>; body: Parsed<B>; resource: R },
  ) => Promise<Response>,
): RouteHandler {
  // At module load: a billing route without the billing-dashboard feature (or a reason) fails to load.
  featureOf(options);
  return withActor(async (args) => {
    const raw = queryObject(args.request);
    const { access, found } = await checkedAccess(args, options, options.resource, raw);
    if (options.oneWorkspace) oneWorkspace(access);
    if (options.sameSiteOnly) refuseCrossSite(args.request);
    const query = (options.query ? parseWith(options.query, raw, "query") : undefined) as Parsed<Q>;
    const body = (options.body ? await parseJsonBody(args.request, options.body) : undefined) as Parsed<B>;
    return handler({ ...args, access, ctx: { ...args.ctx, access }, query, body, resource: found as R });
  });
}
