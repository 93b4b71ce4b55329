// Webhook signing secrets at rest: AES-256-GCM under the key from the environment
// (NOTIFICATIONS_KEY), so a copy of the database alone cannot forge a workspace's webhooks.
// Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url); the version leaves room for a new key.
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const VERSION = "v1";

export function sealSecret(secret: string, key: Buffer = env().notificationsKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** Throws when the text was not sealed under `key` or was altered. */
export function openSecret(stored: string, key: Buffer = env().notificationsKey): string {
  const [version, iv, tag, sealed] = stored.split(".");
  if (version !== VERSION || !iv || !tag || sealed === undefined) throw new Error("not a sealed webhook secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
}

/** A new signing secret as the Standard Webhooks scheme writes it: "whsec_" and 32 random bytes, base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
