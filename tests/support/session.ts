// Real next-auth session cookies for in-process route handler tests: the same encrypted JWT the
// sign-in flow sets, so the handler's own session check is what is exercised.
import { encode } from "next-auth/jwt";
import { newSessionClaims } from "@/lib/auth/session-claims";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";

/** A new session's cookie, with the claims sign-in puts in the token (session version and id). */
export async function sessionCookieFor(email: string): Promise<string> {
  const user = await systemDb().user.findUniqueOrThrow({ where: { email } });
  const token = await encode({ token: { email: user.email, ...newSessionClaims(user) }, secret: env().authSecret });
  return `next-auth.session-token=${token}`;
}

export interface CallOptions {
  as?: string | null;
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function callRoute(
  handler: Handler,
  path: string,
  { as = null, method = "GET", headers = {}, body }: CallOptions = {},
  params: Record<string, string> = {},
): Promise<Response> {
  const allHeaders: Record<string, string> = { ...headers };
  if (as) allHeaders.cookie = await sessionCookieFor(as);
  // A plain Request, as a route may get one whose class is not this bundle's NextRequest: code that
  // needs more than the Fetch API must cope (a body taken over by a wrapper once went unnoticed).
  const request = new Request(new URL(path, "http://localhost:3000"), { method, headers: allHeaders, body });
  return handler(request, { params: Promise.resolve(params) });
}
