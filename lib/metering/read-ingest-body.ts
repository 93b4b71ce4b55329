// Turns an ingest request body into items: a JSON array, or NDJSON (one event per line, where
// a bad line is refused on its own and the others still count).
import { ApiError } from "@/lib/errors/api-error";
import { MAX_EVENTS_PER_REQUEST } from "./event-schema";
import type { IngestItem } from "./ingest-events";
import { readTextWithin } from "@/lib/streams/read-text-within";

export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export async function readIngestBody(request: Request): Promise<IngestItem[]> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readTextWithin(request.body, MAX_BODY_BYTES, tooLarge);

  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const items = isNdjson(type) ? parseNdjson(text) : parseJsonArray(text, type);
  const events = items.filter((item) => !("blank" in item)).length;
  if (events > MAX_EVENTS_PER_REQUEST) {
    throw new ApiError("payload_too_large", `At most ${MAX_EVENTS_PER_REQUEST} events per request; got ${events}.`);
  }
  return items;
}

function isNdjson(type: string): boolean {
  return type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl";
}

function parseJsonArray(text: string, type: string): IngestItem[] {
  if (type !== "application/json" && type !== "") {
    throw new ApiError("unsupported_media_type", "Send application/json (an array of events) or application/x-ndjson.");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError("bad_request", `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(body)) throw new ApiError("bad_request", "The body must be a JSON array of events.");
  return body.map((value: unknown) => ({ value }));
}

const BLANK: IngestItem = Object.freeze({ blank: true as const });

/** One item per line, so a refusal's index is the line's (0-based), blank lines included. */
function parseNdjson(text: string): IngestItem[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1)?.trim() === "") lines.pop(); // the newline that ends the last line
  return lines.map((line) => {
    if (line.trim() === "") return BLANK;
    try {
      return { value: JSON.parse(line) as unknown };
    } catch (error) {
      return { unparsable: line, error: `not valid JSON: ${(error as Error).message}` };
    }
  });
}

function tooLarge(): ApiError {
  return new ApiError("payload_too_large", `The body must be at most ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
}
