// What a webhook receives: one example body of each event, as the notification job prepares it
// (payloadOf in lib/notifications/prepare-events.ts, the flag as GET /api/billing/anomalies shows
// it), and the Standard Webhooks headers that come with every request. Static on purpose: the page
// shows them before anything was ever sent. tests/unit/event-examples.test.ts builds the same
// bodies with payloadOf, so a change there fails until these follow.
import type { SubscribableEvent } from "./types";

const SPIKE = {
  id: "cmhq3x7k20004s60f9d2b8e1a",
  workspaceId: "ws_acme",
  workspaceName: "Acme Corp",
  workspaceSlug: "acme",
  productArea: "compute",
  kind: "spike",
  severity: "high",
  startDate: "2026-12-01",
  endDate: "2026-12-01",
  expected: "1250.5",
  observed: "12840",
  impactAmount: "463.58",
  currency: "USD",
  threshold: null,
  budget: null,
  detectorVersion: "seasonal-mad-3",
  createdAt: "2026-12-02T06:00:04.118Z",
};

const opened = { from: null, to: "open", note: null, actorId: null, actorEmail: null, at: "2026-12-02T06:00:04.118Z" };
const dismissed = {
  from: "acknowledged",
  to: "dismissed",
  note: "Planned load test.",
  actorId: "cmhq2a1b90001s60fk3j7c5d2",
  actorEmail: null,
  at: "2026-12-02T09:41:27.503Z",
};
const budgetOpened = { ...opened, at: "2026-12-09T06:00:02.771Z" };

export const EVENT_EXAMPLES: Record<SubscribableEvent, object> = {
  "anomaly.opened": {
    type: "anomaly.opened",
    timestamp: opened.at,
    workspaceId: "ws_acme",
    data: {
      anomaly: { ...SPIKE, status: "open", updatedAt: opened.at, history: [opened] },
      change: opened,
      dashboardUrl: "https://billing.example.com/w/acme/billing?day=2026-12-01&areas=compute",
    },
  },
  "anomaly.resolved": {
    type: "anomaly.resolved",
    timestamp: dismissed.at,
    workspaceId: "ws_acme",
    data: {
      anomaly: { ...SPIKE, status: "dismissed", updatedAt: dismissed.at, history: [dismissed] },
      change: dismissed,
      dashboardUrl: "https://billing.example.com/w/acme/billing?day=2026-12-01&areas=compute",
    },
  },
  "budget.crossed": {
    type: "budget.crossed",
    timestamp: budgetOpened.at,
    workspaceId: "ws_acme",
    data: {
      anomaly: {
        id: "cmhz8p4d10007s60fq1w2e3r4",
        workspaceId: "ws_acme",
        workspaceName: "Acme Corp",
        workspaceSlug: "acme",
        productArea: null,
        kind: "budget",
        severity: "medium",
        startDate: "2026-12-01",
        endDate: "2026-12-31",
        expected: "7500",
        observed: "7612.4",
        impactAmount: "112.4",
        currency: "USD",
        threshold: 75,
        budget: { amount: "10000", threshold: 75, crossedBy: "projection", crossedOn: "2026-12-09", reachesOn: "2026-12-24" },
        status: "open",
        detectorVersion: "budget-1",
        createdAt: budgetOpened.at,
        updatedAt: budgetOpened.at,
        history: [budgetOpened],
      },
      change: budgetOpened,
      dashboardUrl: "https://billing.example.com/w/acme/billing?day=2026-12-01",
    },
  },
};

/** When each event is sent, in a line. */
export const EVENT_WHEN: Record<SubscribableEvent, string> = {
  "anomaly.opened": "A usage anomaly (spike, drop, level shift, metering gap) is flagged.",
  "anomaly.resolved": "An anomaly flag is resolved or dismissed (data.anomaly.status says which).",
  "budget.crossed": "The cost so far or the projected invoice crosses one of the budget's thresholds.",
};

/** The headers of every delivery (Standard Webhooks); the id is the event's, the same on every retry. */
export const WEBHOOK_HEADERS: { name: string; example: string; meaning: string }[] = [
  {
    name: "webhook-id",
    example: "msg_9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    meaning: "The event's id: the same on every retry, so drop repeats by it.",
  },
  { name: "webhook-timestamp", example: "1796205604", meaning: "When this attempt was signed, in seconds since 1970 (UTC)." },
  {
    name: "webhook-signature",
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
    meaning: "v1, and the base64 HMAC-SHA256 of id.timestamp.body; during a rotation two, space-separated.",
  },
];
