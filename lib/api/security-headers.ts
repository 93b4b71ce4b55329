// The Content-Security-Policy and its neighbours, set by proxy.ts on every response it passes or
// makes (pages, API, next-auth). next.config.ts sets the static ones for what the proxy never sees.
import { randomBytes } from "node:crypto";

/**
 * Pages: Next's own scripts carry the nonce (it reads it from the request's CSP header), and
 * 'strict-dynamic' lets them load the chunks they need. Inline style attributes stay allowed:
 * recharts positions its tooltips and legends with them, and a style cannot run code.
 */
export function pagePolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    // next dev's fast refresh evaluates code; a production build never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** API answers are data, never a document to render: nothing may load or frame them. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The headers every response carries besides its CSP (next.config.ts sets the same on static files). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
};

export function withSecurityHeaders<R extends Response>(response: R, policy: string): R {
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
