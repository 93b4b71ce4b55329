// Webhook delivery against a real local HTTP receiver: queueing per subscribed endpoint, Standard
// Webhooks signatures (checked with the `standardwebhooks` package, both secrets during a
// rotation), the same id and bytes on every retry, the back-off schedule, timeouts, redirects,
// addresses refused at delivery time, disabling an endpoint that keeps failing, the backlog gauge
// and retention. Every step gets `now`; nothing sleeps for a back-off.
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { runRetention } from "@/lib/maintenance/retention-job";
import { disableFailingEndpoints } from "@/lib/notifications/delivery/disable-failing-endpoints";
import { queueWebhookDeliveries } from "@/lib/notifications/delivery/queue-webhooks";
import { MAX_ATTEMPTS, nextAttemptAt } from "@/lib/notifications/delivery/retry-schedule";
import { sendDueWebhooks, USER_AGENT } from "@/lib/notifications/delivery/send-webhooks";
import { runNotificationSteps } from "@/lib/notifications/notification-job";
import { prepareEvents } from "@/lib/notifications/prepare-events";
import type { UrlPolicy } from "@/lib/notifications/url-safety";
import { metrics } from "@/lib/observability/metrics";
import { metricsPage } from "@/lib/observability/scrape";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text";
import { backend } from "../support/test-database";
import {
  createEndpoint,
  createWorkspace,
  newSecret,
  openFlags,
  startReceiver,
  type ReceivedRequest,
  type Receiver,
} from "../support/webhooks";

const NOW = new Date("2026-11-22T12:00:00Z");
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW.getTime() + ms);
/** The test receiver listens on 127.0.0.1, which an operator allows (WEBHOOK_ALLOWED_HOSTS). */
const LOCAL: UrlPolicy = { allowAll: false, allowedHosts: ["127.0.0.1"] };

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(() => receiver.close());

afterEach(async () => {
  // Each test's leftovers must not be sent by the next one's steps.
  await systemDb().webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
  receiver.requests.length = 0;
  receiver.answer = (_, response) => void response.writeHead(200).end("ok");
});

/** Flags opened in a fresh workspace, prepared and queued at `when`. */
async function eventsIn(workspaceId: string, count: number, when = NOW): Promise<void> {
  await openFlags(workspaceId, count, when);
  while ((await prepareEvents(when)) > 0);
  while ((await queueWebhookDeliveries(when)) > 0);
}

const send = (when: Date, options: { policy?: UrlPolicy; timeoutMs?: number } = {}) =>
  sendDueWebhooks({ now: when, policy: options.policy ?? LOCAL, timeoutMs: options.timeoutMs });

function verify(secret: string, request: ReceivedRequest): unknown {
  const header = (name: string) => String(request.headers[name]);
  return new Webhook(secret).verify(request.body, {
    "webhook-id": header("webhook-id"),
    "webhook-timestamp": header("webhook-timestamp"),
    "webhook-signature": header("webhook-signature"),
  });
}

const deliveriesOf = (endpointId: string) =>
  systemDb().webhookDelivery.findMany({
    where: { endpointId },
    include: { attemptsMade: { orderBy: { at: "asc" } } },
    orderBy: { createdAt: "asc" },
  });

describe(`webhook delivery on ${backend}`, () => {
  it("queues one delivery per enabled endpoint subscribed to the type, once per event", async () => {
    const ws = await createWorkspace();
    const other = await createWorkspace();
    const all = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/all` });
    const budgetOnly = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/budget`, events: ["budget.crossed"] });
    const disabled = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/off`, disabledAt: NOW });
    const elsewhere = await createEndpoint({ workspaceId: other, url: `${receiver.url}/other` });
    await eventsIn(ws, 3);
    const test = await systemDb().notificationEvent.create({
      data: { id: "msg_" + "0".repeat(32), workspaceId: ws, type: "webhook.test", payload: {}, preparedAt: NOW },
    });

    expect(await deliveriesOf(all.endpoint.id)).toHaveLength(3);
    for (const { endpoint } of [budgetOnly, disabled, elsewhere]) expect(await deliveriesOf(endpoint.id)).toEqual([]);
    const queued = await systemDb().notificationEvent.findMany({ where: { workspaceId: ws } });
    expect(
      queued.filter((event) => event.type === "anomaly.opened").every((event) => event.webhooksQueuedAt?.getTime() === NOW.getTime()),
    ).toBe(true);
    expect(queued.find((event) => event.id === test.id)!.webhooksQueuedAt).toBeNull(); // "send test" queues its own

    expect(await queueWebhookDeliveries(at(MINUTE))).toBe(0);
    await systemDb().notificationEvent.updateMany({ where: { workspaceId: ws }, data: { webhooksQueuedAt: null } });
    await queueWebhookDeliveries(at(MINUTE)); // queued again after a crash: no second delivery
    expect(await deliveriesOf(all.endpoint.id)).toHaveLength(3);
  });

  it("signs each request so `standardwebhooks` verifies it; a 500 then a 200 is two attempts with the same id and body", async () => {
    const ws = await createWorkspace();
    const { endpoint, secret } = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/hook?x=1` });
    await eventsIn(ws, 1);
    const [event] = await systemDb().notificationEvent.findMany({ where: { workspaceId: ws } });
    let answered = 0;
    receiver.answer = (_, response) => void response.writeHead(answered++ === 0 ? 500 : 200).end("x".repeat(100_000));

    expect(await send(NOW)).toBe(1);
    let [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: at(5 * SECOND), completedAt: null });
    expect(await send(at(4 * SECOND))).toBe(0); // not yet due
    expect(await send(at(5 * SECOND))).toBe(1);

    [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(delivery!.completedAt!.getTime()).toBeGreaterThanOrEqual(at(5 * SECOND).getTime());
    expect(delivery!.attemptsMade.map((a) => [a.httpStatus, a.error, a.type, a.eventId])).toEqual([
      [500, null, "anomaly.opened", event!.id],
      [200, null, "anomaly.opened", event!.id],
    ]);
    const [first, second] = receiver.requests;
    expect(receiver.requests).toHaveLength(2);
    expect(first!.path).toBe("/hook?x=1");
    expect(first!.method).toBe("POST");
    expect(first!.headers).toMatchObject({ "content-type": "application/json", "user-agent": USER_AGENT, "webhook-id": event!.id });
    expect(second!.headers["webhook-id"]).toBe(event!.id);
    expect(second!.body).toBe(first!.body);
    expect(JSON.parse(first!.body)).toEqual(event!.payload);
    expect(verify(secret, first!)).toEqual(event!.payload);
    expect(verify(secret, second!)).toEqual(event!.payload);
    expect(() => verify(newSecret(), first!)).toThrow();
  });

  it("signs with both secrets while a rotation overlaps, and with the new one only after", async () => {
    const ws = await createWorkspace();
    const previous = newSecret();
    const { secret } = await createEndpoint({
      workspaceId: ws,
      url: `${receiver.url}/rotating`,
      previousSecret: { secret: previous, expiresAt: at(HOUR) },
    });
    await eventsIn(ws, 1);
    await send(NOW);
    await eventsIn(ws, 1, at(2 * HOUR));
    await send(at(2 * HOUR));

    const [during, after] = receiver.requests;
    expect(String(during!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(secret, during!)).toBeTruthy();
    expect(verify(previous, during!)).toBeTruthy();
    expect(String(after!.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(verify(secret, after!)).toBeTruthy();
    expect(() => verify(previous, after!)).toThrow();
  });

  it("gives up on a receiver that does not answer in time, records why and schedules a retry", async () => {
    const ws = await createWorkspace();
    const { endpoint } = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/slow` });
    await eventsIn(ws, 1);
    receiver.answer = () => {}; // never answers

    await send(NOW, { timeoutMs: 300 });
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: at(5 * SECOND) });
    expect(delivery!.attemptsMade[0]).toMatchObject({ httpStatus: null, error: "no complete answer within 0.3 s" });
    expect(delivery!.attemptsMade[0]!.durationMs).toBeGreaterThanOrEqual(250);
    expect(receiver.requests).toHaveLength(1);
  });

  it("does not follow a redirect: a 3xx is a failed attempt", async () => {
    const ws = await createWorkspace();
    const { endpoint } = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/moved` });
    await eventsIn(ws, 1);
    receiver.answer = (_, response) => void response.writeHead(307, { location: `${receiver.url}/elsewhere` }).end();

    await send(NOW);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery!.attemptsMade[0]).toMatchObject({ httpStatus: 307, error: "redirect not followed" });
    expect(receiver.requests.map((r) => r.path)).toEqual(["/moved"]);
  });

  it("refuses at delivery time a host that resolves to a loopback address, and an IP address in the URL, sending nothing", async () => {
    const ws = await createWorkspace();
    const port = new URL(receiver.url).port;
    const byName = await createEndpoint({ workspaceId: ws, url: `https://localhost:${port}/hook` });
    const byAddress = await createEndpoint({ workspaceId: ws, url: `https://127.0.0.1:${port}/hook` });
    await eventsIn(ws, 1);

    await send(NOW, { policy: { allowAll: false, allowedHosts: [] } });
    const [named] = await deliveriesOf(byName.endpoint.id);
    const [addressed] = await deliveriesOf(byAddress.endpoint.id);
    expect(named!.attemptsMade[0]).toMatchObject({
      httpStatus: null,
      error: expect.stringMatching(/^localhost resolves to .*, which is a loopback address$/),
    });
    expect(addressed!.attemptsMade[0]).toMatchObject({ httpStatus: null, error: "resolves to 127.0.0.1, which is a loopback address" });
    expect(named).toMatchObject({ status: "pending", attempts: 1 });
    expect(receiver.requests).toEqual([]);
  });

  it("retries on the back-off schedule from the delivery's creation, 4xx included, then fails", async () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((made) => nextAttemptAt(NOW, made)!.getTime() - NOW.getTime())).toEqual([
      5 * SECOND,
      5 * SECOND + 5 * MINUTE,
      5 * SECOND + 35 * MINUTE,
      5 * SECOND + 155 * MINUTE,
      5 * SECOND + 455 * MINUTE,
      5 * SECOND + 1055 * MINUTE,
      5 * SECOND + 1655 * MINUTE, // about 27.5 hours
    ]);
    expect(nextAttemptAt(NOW, MAX_ATTEMPTS)).toBeNull();

    const ws = await createWorkspace();
    const { endpoint } = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/gone` });
    await eventsIn(ws, 1);
    receiver.answer = (_, response) => void response.writeHead(404).end();
    const outcomes = async () =>
      Object.fromEntries(
        (await metrics().notificationDeliveries.get()).values
          .filter((v) => v.labels.channel === "webhook")
          .map((v) => [v.labels.outcome, v.value]),
      );
    const before = await outcomes();

    let when = NOW;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await send(new Date(when.getTime() - 1))).toBe(0);
      expect(await send(when)).toBe(1);
      const [delivery] = await deliveriesOf(endpoint.id);
      expect(delivery!.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) when = delivery!.nextAttemptAt;
      else expect(delivery).toMatchObject({ status: "failed", completedAt: expect.any(Date) });
    }
    expect(when.getTime() - NOW.getTime()).toBe(5 * SECOND + 1655 * MINUTE);
    expect(await send(at(3 * DAY))).toBe(0);
    const after = await outcomes();
    expect((after.retry ?? 0) - (before.retry ?? 0)).toBe(MAX_ATTEMPTS - 1);
    expect((after.failed ?? 0) - (before.failed ?? 0)).toBe(1);
  });

  it("disables an endpoint that has only failed for five days, and fails its pending deliveries", async () => {
    const ws = await createWorkspace();
    const down = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/down`, createdAt: at(-30 * DAY) });
    const flaky = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/flaky`, createdAt: at(-30 * DAY) });
    const recovered = at(3 * DAY);
    receiver.answer = (request, response) => void response.writeHead(request.path === "/flaky" && recovering ? 200 : 500).end();
    let recovering = false;

    await eventsIn(ws, 1, NOW); // both fail from NOW on
    await send(NOW);
    await eventsIn(ws, 1, recovered);
    recovering = true; // flaky takes this round
    await send(recovered);
    recovering = false;
    const end = at(5 * DAY + MINUTE);
    await eventsIn(ws, 1, end);
    await send(end);

    const downNow = await systemDb().webhookEndpoint.findUniqueOrThrow({ where: { id: down.endpoint.id } });
    expect(downNow.disabledAt!.getTime()).toBeGreaterThanOrEqual(end.getTime());
    expect(downNow.disabledReason).toMatch(/^failing since 2026-11-22T12:00:00\.\d{3}Z: HTTP 500$/);
    expect((await deliveriesOf(down.endpoint.id)).map((d) => d.status)).toEqual(["failed", "failed", "failed"]);
    const flakyNow = await systemDb().webhookEndpoint.findUniqueOrThrow({ where: { id: flaky.endpoint.id } });
    expect(flakyNow.disabledAt).toBeNull();
    expect((await deliveriesOf(flaky.endpoint.id)).map((d) => d.status)).toEqual(["succeeded", "succeeded", "pending"]);

    // Nothing more goes to it; re-enabling it (a change) gives it five days again.
    const sentBefore = receiver.requests.filter((r) => r.path === "/down").length;
    await eventsIn(ws, 1, at(6 * DAY));
    await send(at(6 * DAY));
    expect(receiver.requests.filter((r) => r.path === "/down")).toHaveLength(sentBefore);
    await systemDb().webhookEndpoint.update({
      where: { id: down.endpoint.id },
      data: { disabledAt: null, disabledReason: null, updatedAt: at(6 * DAY) },
    });
    await eventsIn(ws, 1, at(6 * DAY + HOUR));
    await send(at(6 * DAY + HOUR));
    expect(receiver.requests.filter((r) => r.path === "/down")).toHaveLength(sentBefore + 1);
    expect(await disableFailingEndpoints([down.endpoint.id], at(6 * DAY + 2 * HOUR))).toBe(0);
  });

  it("runs as steps of the notification job, with the environment's URL policy", async () => {
    const ws = await createWorkspace();
    const { endpoint } = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/job` });
    await openFlags(ws, 2, NOW);
    const done = await runNotificationSteps(new AbortController().signal, () => NOW);
    expect(done).toMatchObject({ prepared: 2, webhooksQueued: 2, webhooksAttempted: 2 });
    // No WEBHOOK_ALLOWED_HOSTS in the tests' environment: plain http to 127.0.0.1 is refused.
    const attempts = await systemDb().webhookAttempt.findMany({ where: { endpointId: endpoint.id } });
    expect(attempts.map((a) => a.error)).toEqual([
      "must use https (http only for hosts an operator allows)",
      "must use https (http only for hosts an operator allows)",
    ]);
    expect(receiver.requests).toEqual([]);
  });

  it("reports how long the most overdue delivery has been due, per channel, at scrape time", async () => {
    const ws = await createWorkspace();
    const { endpoint } = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/late` });
    await eventsIn(ws, 1);
    const overdue = (page: string) =>
      sampleValue(parsePrometheusText(page), "billing_notification_oldest_pending_seconds", { channel: "webhook" });
    const read = async () => (await metricsPage({ consumer: false, anomalies: false, notifications: true })).body;

    await systemDb().webhookDelivery.updateMany({
      where: { endpointId: endpoint.id },
      data: { nextAttemptAt: new Date(Date.now() - 10 * MINUTE) },
    });
    const seconds = overdue(await read())!;
    expect(seconds).toBeGreaterThanOrEqual(600);
    expect(seconds).toBeLessThan(700);
    expect(sampleValue(parsePrometheusText(await read()), "billing_notification_oldest_pending_seconds", { channel: "email" })).toBe(0);
    await systemDb().webhookEndpoint.update({ where: { id: endpoint.id }, data: { disabledAt: new Date() } });
    expect(overdue(await read())).toBe(0); // a disabled endpoint's deliveries are not sent
  });

  it("purges attempts, finished deliveries and events older than 30 days with retention", async () => {
    const ws = await createWorkspace();
    const { endpoint } = await createEndpoint({ workspaceId: ws, url: `${receiver.url}/old` });
    const old = at(-31 * DAY);
    await eventsIn(ws, 3, old);
    await send(old); // all three succeed
    await eventsIn(ws, 1, at(-29 * DAY));
    await send(at(-29 * DAY));
    const [kept] = await deliveriesOf(endpoint.id);
    await systemDb().webhookDelivery.update({ where: { id: kept!.id }, data: { status: "pending", completedAt: null } });
    const digest = (createdAt: Date, digestDay: string) => ({
      workspaceId: ws,
      kind: "digest",
      digestDay: new Date(`${digestDay}T00:00:00Z`),
      recipient: "admin@example.com",
      status: "sent",
      nextAttemptAt: createdAt,
      createdAt,
      sentAt: createdAt,
    });
    await systemDb().emailDelivery.createMany({ data: [digest(old, "2026-01-01"), digest(at(-29 * DAY), "2026-01-03")] });

    const purged = await runRetention({ now: NOW });
    expect(purged).toMatchObject({ webhookAttempts: 3, webhookDeliveries: 2, notificationEvents: 2, emailDigests: 1 });
    expect(await systemDb().emailDelivery.count({ where: { workspaceId: ws } })).toBe(1);
    const left = await deliveriesOf(endpoint.id);
    expect(left.map((d) => [d.status, d.attemptsMade.length])).toEqual([
      ["pending", 0], // still pending: kept with its event
      ["succeeded", 1],
    ]);
    expect(await systemDb().notificationEvent.count({ where: { workspaceId: ws } })).toBe(2);
  });
});
