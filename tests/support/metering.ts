import { POST } from "@/app/api/metering/events/route";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { callRoute } from "./session";

export const INGEST_TOKEN = "demo-ingest-token";

export function event(overrides: Record<string, unknown> = {}) {
  return {
    id: `evt-${Math.random().toString(36).slice(2)}`,
    workspaceId: "ws_acme",
    productArea: "compute",
    quantity: "1",
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

export async function postEvents(
  body: unknown,
  {
    contentType = "application/json",
    token = INGEST_TOKEN,
    headers = {},
  }: { contentType?: string; token?: string | null; headers?: Record<string, string> } = {},
) {
  const allHeaders: Record<string, string> = { "content-type": contentType, ...headers };
  if (token) allHeaders.authorization = `Bearer ${token}`;
  return callRoute(POST, "/api/metering/events", {
    method: "POST",
    headers: allHeaders,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Stores events the queued way, for the consumer to apply (METERING_APPLY=consumer; decision 0108). */
export function queueEvents(events: Record<string, unknown>[], now?: Date) {
  return ingestEvents(
    events.map((value) => ({ value })),
    { source: "api", applyAt: "consumer", now },
  );
}
