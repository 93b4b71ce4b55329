// next-auth's session-token decoding, remembered per token. Decoding derives the key with HKDF
// and decrypts the JWE on every request (about 5 % of the CPU of a cached usage read). A token
// string only ever decodes to the same payload, so the result is kept, and its expiry is still
// checked on every use, with the same clock tolerance next-auth applies. Whether the session
// is still current (not signed out) is the database's answer, asked on every request
// (lib/auth/sessions.ts), so remembering a decoded token never outlives a sign-out.
import "server-only";
import { decode, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { env } from "@/lib/env";
import { sessionClaims, type SessionClaims } from "./session-claims";

const MAX_TOKENS = 10_000;
/** next-auth's jwtDecrypt clock tolerance. */
const CLOCK_TOLERANCE_SECONDS = 15;

const decoded = new Map<string, JWT>();

function unexpired(payload: JWT, nowSeconds: number): boolean {
  return typeof payload.exp !== "number" || payload.exp + CLOCK_TOLERANCE_SECONDS > nowSeconds;
}

export async function rememberedDecode(params: JWTDecodeParams): Promise<JWT | null> {
  if (!params.token) return null;
  const key = `${String(params.secret)}\u0000${params.salt ?? ""}\u0000${params.token}`;
  const known = decoded.get(key);
  if (known && unexpired(known, Date.now() / 1000)) return known;
  decoded.delete(key);
  const payload = await decode(params); // throws for a forged, altered or expired token
  if (payload) {
    if (decoded.size >= MAX_TOKENS) decoded.delete(decoded.keys().next().value!);
    decoded.set(key, payload);
  }
  return payload;
}

/** The session cookie's name, as next-auth chooses it: `__Secure-` prefixed behind https. */
export function sessionCookieName(): string {
  return env().NEXTAUTH_URL?.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/**
 * The claims of the session cookie, if it holds a valid token. Only the cookie: a session token
 * sent as `Authorization: Bearer` (which next-auth's getToken would accept) is not looked at.
 * Our tokens stay far below next-auth's 4 kB cookie chunking, so chunks are not reassembled.
 */
export async function sessionFromCookies(cookies: { get(name: string): { value: string } | undefined }): Promise<SessionClaims | null> {
  const token = cookies.get(sessionCookieName())?.value;
  if (!token) return null;
  try {
    return sessionClaims(await rememberedDecode({ token, secret: env().authSecret }));
  } catch {
    return null;
  }
}
