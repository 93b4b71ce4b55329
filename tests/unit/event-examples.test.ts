// The page's example bodies are what the notification job sends: built here with its own
// payloadOf from the flag rows and changes they describe, they must come out the same.
import { describe, expect, it } from "vitest";
import { EVENT_EXAMPLES, WEBHOOK_HEADERS } from "@/components/notifications/event-examples";
import { anomalySchema } from "@/lib/anomalies/anomaly-response";
import { Prisma } from "@/lib/db";
import { SUBSCRIBABLE_EVENTS } from "@/lib/notifications/event-types";
import { eventTypeOf, payloadOf } from "@/lib/notifications/prepare-events";

type Change = Parameters<typeof payloadOf>[1];
type Example = { type: string; data: { anomaly: Record<string, unknown>; change: Record<string, unknown>; dashboardUrl: string } };

const workspace = { id: "ws_acme", name: "Acme Corp", slug: "acme" };
const day = (date: string) => new Date(`${date}T00:00:00Z`);
const decimal = (value: unknown) => (value === null ? null : new Prisma.Decimal(value as string));

/** The stored flag and change an example's body was prepared from. */
function rowsOf(example: Example): Change {
  const { anomaly, change } = example.data;
  const budget = anomaly.budget as { crossedBy: string; crossedOn: string; reachesOn: string | null } | null;
  const flag = {
    ...anomaly,
    startDate: day(anomaly.startDate as string),
    endDate: day(anomaly.endDate as string),
    expected: decimal(anomaly.expected),
    observed: decimal(anomaly.observed),
    impactAmount: decimal(anomaly.impactAmount),
    crossedBy: budget?.crossedBy ?? null,
    crossedOn: budget ? day(budget.crossedOn) : null,
    reachesOn: budget?.reachesOn ? day(budget.reachesOn) : null,
    status: "open", // what it is now does not matter: the body shows it as of the change
    createdAt: new Date(anomaly.createdAt as string),
    updatedAt: new Date(anomaly.updatedAt as string),
    workspace,
  };
  return {
    id: "cmchange",
    flagId: anomaly.id,
    workspaceId: workspace.id,
    fromStatus: change.from,
    toStatus: change.to,
    note: change.note,
    actorId: change.actorId,
    at: new Date(change.at as string),
    flag,
  } as unknown as Change;
}

describe("the example of each event", () => {
  it.each(SUBSCRIBABLE_EVENTS)("%s is the body payloadOf prepares for its change", (type) => {
    const example = EVENT_EXAMPLES[type] as Example;
    const rows = rowsOf(example);
    expect(eventTypeOf(rows, rows.flag)).toBe(type);
    const prepared = payloadOf(type, rows);
    // Only the server's address differs: the examples use a made-up one.
    expect(prepared.data.dashboardUrl).toBe(example.data.dashboardUrl.replace("https://billing.example.com", "http://localhost:3000"));
    expect({ ...prepared, data: { ...prepared.data, dashboardUrl: example.data.dashboardUrl } }).toEqual(example);
    expect(anomalySchema.safeParse(example.data.anomaly).success).toBe(true);
  });

  it("names the three Standard Webhooks headers", () => {
    expect(WEBHOOK_HEADERS.map((h) => h.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
    expect(WEBHOOK_HEADERS[0]!.example).toMatch(/^msg_[0-9a-f]{32}$/);
  });
});
