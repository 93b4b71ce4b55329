// The route handler around next-auth (app/api/auth/[...nextauth]/route.ts). It answers what
// next-auth would turn into a 500 or a bare text error with the standard error body, throttles
// credential sign-ins (429 + Retry-After), and ends the session on the server at sign-out.
import "server-only";
import { NextRequest } from "next/server";
import { z } from "zod";
import { answerRequest, errorResponse } from "@/lib/api/errors";
import { ApiError, type ErrorCode } from "@/lib/errors/api-error";
import type { RequestContext } from "@/lib/access/domain-context";
import { requestContext } from "@/lib/api/request-context";
import { env } from "@/lib/env";
import { noteRequestIds } from "@/lib/observability/request-log";
import { callNextAuth, type NextAuthRequest } from "./next-auth-call";
import { KNOWN_DEVICE_COOKIE, readKnownDevice, rememberedDeviceCookie } from "./known-device";
import { authOptions } from "./options";
import { safeCallbackOn } from "./safe-callback";
import { endSession } from "./sessions";
import { signInWithCredentials, type SignInOutcome } from "./sign-in";

type Method = "GET" | "POST";

// What this app uses of next-auth: credentials only, so no OAuth or email routes.
const ROUTES: Record<string, Method[]> = {
  csrf: ["GET"],
  providers: ["GET"],
  session: ["GET", "POST"],
  signin: ["GET", "POST"],
  signout: ["GET", "POST"],
  callback: ["POST"],
  error: ["GET"],
  _log: ["POST"],
};
const PROVIDER_ROUTES = new Set(["signin", "callback"]);
const MAX_BODY_BYTES = 16 * 1024;

const formBody = z
  .record(z.string(), z.unknown())
  .transform((fields) =>
    Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)])),
  );

function allowHeader(methods: readonly Method[]): string {
  return (methods.includes("GET") ? ["GET", "HEAD", ...methods.filter((m) => m !== "GET")] : methods).join(", ");
}

/** The path after /api/auth/, decoded; 400 for invalid percent-encoding (next-auth would throw). */
function segmentsOf(request: Request): string[] {
  const path = new URL(request.url).pathname.replace(/^\/api\/auth\/?/, "");
  try {
    return path
      .split("/")
      .filter(Boolean)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw new ApiError("bad_request", "The path is not valid percent-encoding.");
  }
}

function routeOf(segments: string[]): Method[] {
  const [action, providerId, ...rest] = segments;
  const methods = action !== undefined ? ROUTES[action] : undefined;
  const providerOk = providerId === undefined ? action !== "callback" : PROVIDER_ROUTES.has(action!) && providerId === "credentials";
  if (!methods || !providerOk || rest.length > 0) throw new ApiError("not_found", "No such sign-in endpoint.");
  return methods;
}

async function readBody(request: Request): Promise<Record<string, string> | undefined> {
  if (request.method !== "POST") return undefined;
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError("payload_too_large", "The request body is too large.");
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  if (type.includes("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError("bad_request", "The request body is not valid JSON.");
    }
    const parsed = formBody.safeParse(json);
    if (!parsed.success) throw new ApiError("bad_request", "The request body must be a JSON object.");
    return parsed.data;
  }
  if (text.length > 0) throw new ApiError("unsupported_media_type", "Send application/x-www-form-urlencoded or application/json.");
  return undefined;
}

function methodNotAllowed(methods: readonly Method[]): Response {
  return errorResponse(new ApiError("method_not_allowed", `Use ${methods.join(" or ")} here.`), { Allow: allowHeader(methods) });
}

function throttledResponse(retryAfterSeconds: number): Response {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const error = new ApiError("rate_limited", `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    retryAfterSeconds,
  });
  return errorResponse(error, { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" });
}

// next-auth answers a missing or wrong CSRF token with a redirect to its own sign-in page.
function isCsrfRefusal(response: Response, body: string | null): boolean {
  const target = response.headers.get("location") ?? (body?.startsWith("{") ? (JSON.parse(body) as { url?: string }).url : undefined);
  return typeof target === "string" && /\/api\/auth\/sign(in|out)\?csrf=true$/.test(target);
}

// next-auth refuses a callbackUrl that is not a URL with a 500 ("Invalid URL", or a configuration
// error for the query and its cookie), and would redirect to any URL on this origin.
function withSafeCallbacks(request: NextAuthRequest, origin: string): NextAuthRequest {
  const safe = <T extends Record<string, string>>(fields: T, key: string): T =>
    fields[key] === undefined ? fields : { ...fields, [key]: safeCallbackOn(fields[key], origin) };
  return {
    ...request,
    query: safe(request.query, "callbackUrl"),
    body: request.body && safe(request.body, "callbackUrl"),
    cookies: safe(safe(request.cookies, "next-auth.callback-url"), "__Secure-next-auth.callback-url"),
  };
}

async function handle(request: Request, context: RequestContext): Promise<Response> {
  const segments = segmentsOf(request);
  const methods = routeOf(segments);
  const method = request.method === "HEAD" ? "GET" : request.method;
  if (!methods.includes(method as Method)) return methodNotAllowed(methods);

  let outcome: SignInOutcome | undefined;
  let failure: { error: unknown } | undefined;
  // Its body is read already: a copy of the URL and headers is all that is needed here.
  const req = new NextRequest(request.url, { headers: request.headers });
  const device = readKnownDevice(req.cookies.get(KNOWN_DEVICE_COOKIE)?.value);
  const options = authOptions({
    async authorize(credentials) {
      try {
        outcome = await signInWithCredentials(credentials, context, device);
      } catch (error) {
        failure = { error };
        throw error;
      }
      return outcome.kind === "signed_in" ? outcome.user : null;
    },
    async signedOut(session) {
      try {
        if (session) await endSession(session);
      } catch (error) {
        failure = { error };
      }
    },
  });
  const body = await readBody(request);
  const nextAuthRequest: NextAuthRequest = withSafeCallbacks(
    {
      method: method as Method,
      segments,
      query: Object.fromEntries(req.nextUrl.searchParams),
      body,
      headers: request.headers,
      cookies: Object.fromEntries(req.cookies.getAll().map((cookie) => [cookie.name, cookie.value])),
    },
    new URL(env().NEXTAUTH_URL ?? request.url).origin,
  );
  const response = await callNextAuth(nextAuthRequest, options);
  if (failure) throw failure.error;
  if (outcome?.kind === "throttled") return throttledResponse(outcome.retryAfterSeconds);
  if (outcome?.kind === "signed_in") {
    const secure = new URL(env().NEXTAUTH_URL ?? request.url).protocol === "https:";
    response.headers.append("set-cookie", rememberedDeviceCookie(device, outcome.user.email, { secure }));
  }
  const answer = response.status === 302 ? null : await response.clone().text();
  if (method === "POST" && isCsrfRefusal(response, answer)) {
    throw new ApiError(
      "forbidden",
      "Missing or invalid csrfToken: GET /api/auth/csrf first, and send its csrfToken with the cookie it sets.",
    );
  }
  if (response.status >= 500) throw new Error(`next-auth answered ${response.status}: ${answer?.slice(0, 200)}`);
  // next-auth's own 4xx bodies (HTML, or JSON of its own shape) become the standard error body.
  if (response.status >= 400 && !hasErrorShape(answer)) {
    const code = NEXT_AUTH_ERRORS[response.status] ?? "bad_request";
    throw new ApiError(
      code,
      code === "unauthenticated" ? "The email and password do not match an account." : "This sign-in request is not supported.",
    );
  }
  return response;
}

const NEXT_AUTH_ERRORS: Partial<Record<number, ErrorCode>> = {
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
};

function hasErrorShape(answer: string | null): boolean {
  try {
    const body = JSON.parse(answer ?? "") as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === "string" && typeof body.error.message === "string";
  } catch {
    return false;
  }
}

export async function authRoute(request: Request): Promise<Response> {
  const context = requestContext(request);
  noteRequestIds(context.requestId, context.clientRequestId);
  return answerRequest(request, context.requestId, () => handle(request, context));
}

/** Any method other than GET and POST, anywhere under /api/auth. */
export async function authMethodNotAllowed(request: Request): Promise<Response> {
  const response = methodNotAllowed(["GET", "POST"]);
  response.headers.set("x-request-id", requestContext(request).requestId);
  return response;
}
