// The Standard Webhooks signature (https://www.standardwebhooks.com): HMAC-SHA256 over
// "<webhook-id>.<webhook-timestamp>.<body>", keyed with the secret's bytes (base64 after "whsec_"),
// written "v1,<base64>". During a rotation both secrets sign, space-separated, so a receiver that
// still holds the old secret and one that already holds the new one both verify.
import { createHmac } from "node:crypto";

const SECRET_PREFIX = "whsec_";

export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** The webhook-signature header: one signature per secret, current first. */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((secret) => signatureOf(secret, id, timestamp, body)).join(" ");
}
