// A browser that has signed in to an account before: a cookie naming that account (by an HMAC tag
// of its email, never the email), signed with a key derived from the auth secret. The sign-in
// throttle counts such a browser's attempts for those accounts apart from everyone else's, so
// strangers' wrong guesses cannot lock the account's owner out (lib/auth/sign-in-throttle.ts).
import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export const KNOWN_DEVICE_COOKIE = "billing-known-device";
/** The accounts a browser is remembered for: the most recent ones first. */
const MAX_ACCOUNTS = 5;
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export interface KnownDevice {
  /** Random, made the first time this browser signed in. */
  id: string;
  accountTags: string[];
}

function mac(purpose: string, value: string): string {
  const key = createHmac("sha256", env().authSecret).update("known-device-cookie").digest();
  return createHmac("sha256", key).update(`${purpose}\u0000${value}`).digest("base64url");
}

function accountTag(email: string): string {
  return mac("account", email.trim().toLowerCase()).slice(0, 22);
}

/** The cookie's device, or null when it is missing, malformed or not signed by this app. */
export function readKnownDevice(value: string | undefined): KnownDevice | null {
  const parts = value?.split(".") ?? [];
  if (parts.length !== 3) return null;
  const [id, tags, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac("cookie", `${id}.${tags}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { id, accountTags: tags.split("~").filter(Boolean) };
}

/** The device's id when it has signed in to this account before; null otherwise. */
export function deviceKnowing(device: KnownDevice | null, email: string): string | null {
  return device?.accountTags.includes(accountTag(email)) ? device.id : null;
}

/** The Set-Cookie value remembering `email` on this device (a new device when there was none). */
export function rememberedDeviceCookie(device: KnownDevice | null, email: string, { secure }: { secure: boolean }): string {
  const id = device?.id ?? randomBytes(16).toString("base64url");
  const tag = accountTag(email);
  const tags = [tag, ...(device?.accountTags ?? []).filter((other) => other !== tag)].slice(0, MAX_ACCOUNTS).join("~");
  const value = `${id}.${tags}.${mac("cookie", `${id}.${tags}`)}`;
  // Only the sign-in route reads it; scripts never need it.
  return `${KNOWN_DEVICE_COOKIE}=${value}; Path=/api/auth; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
