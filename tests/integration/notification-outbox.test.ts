import { beforeAll, describe, expect, it } from "vitest";
import { PATCH } from "@/app/api/billing/anomalies/[id]/route";
import { runFullPass } from "@/lib/anomalies/anomaly-job";
import { systemDb } from "@/lib/db";
import type { NotificationPayload } from "@/lib/notifications/event-types";
import { prepareEvents } from "@/lib/notifications/prepare-events";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { callRoute } from "../support/session";

// The outbox: every flag change that may notify somebody leaves one event, in its own transaction,
// whatever made the change; preparing gives each its type and body once.
// The job's clock, pinned: preparing stamps events with it and nothing here depends on the day.
const NOW = new Date("2026-11-22T12:05:00Z");

describe("notification outbox", () => {
  beforeAll(async () => {
    await seedDemoData();
    await runFullPass();
  });

  it("records one event per flag change that may notify, with a stable id", async () => {
    const changes = await systemDb().anomalyFlagChange.findMany({ where: { toStatus: { not: "acknowledged" } } });
    const events = await systemDb().notificationEvent.findMany();
    expect(changes.length).toBeGreaterThan(0);
    expect(events.map((e) => e.changeId).sort()).toEqual(changes.map((c) => c.id).sort());
    for (const event of events) expect(event.id).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it("prepares each event once, with the flag as the API shows it and a link to its day", async () => {
    while ((await prepareEvents(NOW)) > 0);
    const events = await systemDb().notificationEvent.findMany();
    expect(events.every((e) => e.preparedAt?.getTime() === NOW.getTime() && e.type !== null)).toBe(true);
    const opened = events.filter((e) => e.type === "anomaly.opened");
    expect(opened.length).toBeGreaterThan(0);
    const payload = opened[0]!.payload as unknown as NotificationPayload;
    const anomaly = payload.data.anomaly as { id: string; status: string; startDate: string; workspaceSlug: string };
    expect(payload).toMatchObject({ type: "anomaly.opened", workspaceId: opened[0]!.workspaceId });
    expect(anomaly.status).toBe("open");
    expect(payload.data.dashboardUrl).toContain(`/w/${anomaly.workspaceSlug}/billing?day=${anomaly.startDate}`);
    expect(await prepareEvents(NOW)).toBe(0);
  });

  it("an acknowledgement notifies nobody; a dismissal is an anomaly.resolved event", async () => {
    const flag = await systemDb().anomalyFlag.findFirstOrThrow({
      where: { status: "open", kind: { not: "budget" }, workspaceId: "ws_acme" },
    });
    const before = await systemDb().notificationEvent.count();
    const patch = (status: string) =>
      callRoute(
        PATCH,
        `/api/billing/anomalies/${flag.id}`,
        {
          as: ACCOUNTS.admin,
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ status, note: "checked" }),
        },
        { id: flag.id },
      );
    expect((await patch("acknowledged")).status).toBe(200);
    expect(await systemDb().notificationEvent.count()).toBe(before);
    expect((await patch("dismissed")).status).toBe(200);
    expect(await prepareEvents(NOW)).toBe(1);
    const [event] = await systemDb().notificationEvent.findMany({ orderBy: { createdAt: "desc" }, take: 1 });
    expect(event!.type).toBe("anomaly.resolved");
    expect((event!.payload as unknown as NotificationPayload).data.anomaly).toMatchObject({ id: flag.id, status: "dismissed" });
  });
});
