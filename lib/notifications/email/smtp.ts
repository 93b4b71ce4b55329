// The SMTP side of notification e-mail: one nodemailer transporter per process (and per SMTP_URL),
// reused by every send, and what an SMTP failure means for the delivery: a 5xx reply to the
// envelope or the message is final (550 recipient rejected), anything else (4xx, a refused or cut
// connection, a login the server refused) is worth another try later.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

export interface SmtpSettings {
  /** smtp://… or smtps://…; undefined: this server sends no e-mail. */
  url: string | undefined;
  from: string;
}

export const smtpFromEnv = (): SmtpSettings => ({ url: env().SMTP_URL, from: env().SMTP_FROM });

// nodemailer waits minutes by default; the job holds its lock meanwhile. An operator's own values
// in the URL's query (?socketTimeout=…) win.
const TIMEOUTS = { connectionTimeout: "10000", greetingTimeout: "10000", socketTimeout: "60000" };

let kept: { url: string; transporter: Transporter } | undefined;

export function transporterFor(url: string): Transporter {
  if (kept?.url !== url) {
    kept?.transporter.close();
    const withTimeouts = new URL(url);
    for (const [name, value] of Object.entries(TIMEOUTS)) {
      if (!withTimeouts.searchParams.has(name)) withTimeouts.searchParams.set(name, value);
    }
    kept = { url, transporter: nodemailer.createTransport({ url: withTimeouts.toString() }) };
  }
  return kept.transporter;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** A failure no retry can fix: the server refused the sender, the recipient or the message with a 5xx reply. */
export function isPermanentFailure(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as SmtpError;
  const aboutThisMessage = code === "EENVELOPE" || code === "EMESSAGE";
  return aboutThisMessage && (responseCode === undefined || (responseCode >= 500 && responseCode < 600));
}

/**
 * The server could not be reached or refused this process (no connection, a timeout, a refused
 * login): every other e-mail of the batch would wait for the same timeout and fail the same way.
 */
export function isServerFailure(error: unknown): boolean {
  const { code } = (error ?? {}) as SmtpError;
  return code === "ECONNECTION" || code === "ETIMEDOUT" || code === "ESOCKET" || code === "EDNS" || code === "EAUTH" || code === "ETLS";
}

/** What is kept of a failure: its message, short. */
export function failureText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
