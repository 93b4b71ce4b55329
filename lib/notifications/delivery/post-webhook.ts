// One HTTP POST to a webhook endpoint, as safe as a request to a URL a customer typed can be: the
// URL is checked again (it may have been saved under another policy), the connection goes only to
// an address the check accepts (safeLookup: the address checked is the address connected to),
// redirects are not followed, the whole exchange has a deadline, and at most 4 KB of the answer
// is read before it is dropped. It never throws: what went wrong is the outcome's `error`.
import "server-only";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { checkWebhookTarget, parseWebhookUrl, safeLookup, type UrlPolicy } from "../url-safety";

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: UrlPolicy;
  timeoutMs: number;
}

export interface PostOutcome {
  /** The answer's status; null when there was none. */
  httpStatus: number | null;
  /** Why it failed when it did not answer (or answered with a redirect); null otherwise. */
  error: string | null;
  durationMs: number;
}

const MAX_RESPONSE_BYTES = 4096;
const MAX_ERROR_LENGTH = 500;

export async function postWebhook(request: PostRequest): Promise<PostOutcome> {
  const started = performance.now();
  const outcome = (httpStatus: number | null, error: string | null): PostOutcome => ({
    httpStatus,
    error: error === null ? null : error.slice(0, MAX_ERROR_LENGTH),
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const url = parseWebhookUrl(request.url, request.policy);
    // Node connects to an IP address in the URL without a lookup, so safeLookup never sees it.
    if (isIP(url.hostname.replace(/^\[|\]$/g, ""))) await checkWebhookTarget(url, request.policy);
    const status = await exchange(url, request);
    return outcome(status, status >= 300 && status < 400 ? "redirect not followed" : null);
  } catch (error) {
    return outcome(null, describeError(error));
  }
}

/** Sends the body and resolves with the answer's status once its first 4 KB are read (or it ended). */
function exchange(url: URL, { headers, body, policy, timeoutMs }: PostRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: safeLookup(policy),
      agent: false, // a connection of its own: nothing reused that another lookup decided
    });
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`no complete answer within ${timeoutMs / 1000} s`)));
      request.destroy();
    }, timeoutMs);
    request.on("error", (error) => settle(() => reject(error)));
    request.on("response", (response) => {
      let read = 0;
      const done = () => {
        settle(() => resolve(response.statusCode ?? 0));
        response.destroy();
      };
      response.on("error", (error) => settle(() => reject(error)));
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_RESPONSE_BYTES) done();
      });
      response.on("end", done);
    });
    request.end(body);
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
