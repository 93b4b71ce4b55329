// The browser's sign-in and sign-out, made against the real next-auth route handler in-process:
// GET /api/auth/csrf, then a form POST carrying its token and cookie.
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import { markHttpEntryInstalled, PEER_ADDRESS_HEADER } from "@/lib/api/entry-headers";
import { KNOWN_DEVICE_COOKIE } from "@/lib/auth/known-device";
import { callRoute } from "./session";

// As under `next start` with no proxy in front (the default): the HTTP entry hook puts the
// socket's address in its own header, and that is the client address the throttle counts.
markHttpEntryInstalled();

export const DEMO_PASSWORD = "demo-password";

type Handler = Parameters<typeof callRoute>[0];
const GET = authRoute.GET as Handler;
const POST = authRoute.POST as Handler;

function cookiesOf(response: Response): Record<string, string> {
  return Object.fromEntries(
    response.headers.getSetCookie().map((cookie) => {
      const [pair = ""] = cookie.split(";");
      const at = pair.indexOf("=");
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .filter(([, value]) => value !== "")
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

/** A fresh csrf token and its cookie. */
export async function csrf(headers: Record<string, string> = {}): Promise<{ csrfToken: string; cookies: Record<string, string> }> {
  const response = await callRoute(GET, "/api/auth/csrf", { headers });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { csrfToken, cookies: cookiesOf(response) };
}

export interface SignInAttempt {
  response: Response;
  /** The session cookie header ("next-auth.session-token=…"), when one was set. */
  sessionCookie: string | null;
  /** The known-device cookie header ("billing-known-device=…"), set by a successful sign-in. */
  deviceCookie: string | null;
}

/** A credentials sign-in as a script makes it (or the browser, with `json: "true"`). */
export async function signInThroughRoute(
  email: string,
  password = DEMO_PASSWORD,
  { ip = "192.0.2.1", fields = {}, cookie }: { ip?: string; fields?: Record<string, string>; cookie?: string | null } = {},
): Promise<SignInAttempt> {
  const headers = { [PEER_ADDRESS_HEADER]: ip };
  const { csrfToken, cookies } = await csrf(headers);
  const response = await callRoute(POST, "/api/auth/callback/credentials", {
    method: "POST",
    headers: {
      ...headers,
      cookie: [cookieHeader(cookies), cookie].filter(Boolean).join("; "),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ csrfToken, email, password, ...fields }),
  });
  const set = cookiesOf(response);
  const session = set["next-auth.session-token"];
  const device = set[KNOWN_DEVICE_COOKIE];
  return {
    response,
    sessionCookie: session ? `next-auth.session-token=${session}` : null,
    deviceCookie: device ? `${KNOWN_DEVICE_COOKIE}=${device}` : null,
  };
}

/** Signs the session out the way next-auth's signOut() does; returns the response. */
export async function signOutThroughRoute(sessionCookie: string): Promise<Response> {
  const { csrfToken, cookies } = await csrf();
  return callRoute(POST, "/api/auth/signout", {
    method: "POST",
    headers: { cookie: `${cookieHeader(cookies)}; ${sessionCookie}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/signin", json: "true" }),
  });
}
