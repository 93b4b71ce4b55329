// Webhook delivery survives `kill -9`: worker processes (`npm run worker`) deliver 60 events to a
// receiver in this test process and are SIGKILLed again and again while requests are in flight.
// A kill between sending and storing the attempt makes a later run send again, so the receiver may
// see an event more than once, but always under the same webhook-id with the same bytes, each
// signed so `standardwebhooks` verifies it; in the end every delivery has succeeded and its
// attempts are stored.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { seededRandom } from "@/lib/demo/synthetic-usage";
import { createEndpoint, createWorkspace, openFlags, startReceiver, type Receiver } from "../support/webhooks";
import { killAllWorkers, killWorker, startWorker, workerErrors, type WorkerProcess } from "../support/worker-process";

const EVENTS = 60;
const KILLS = 5;
const SEED = Number(process.env.FAULT_SEED) || Date.now() % 1_000_000_007;
const random = seededRandom(SEED);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  // Answers a little late, so that kills land while requests are in flight.
  receiver.answer = async (_, response) => {
    await sleep(50 + Math.floor(random() * 250));
    if (!response.destroyed) response.writeHead(204).end();
  };
  console.log(`webhook delivery fault test: FAULT_SEED=${SEED}`);
});

afterAll(async () => {
  killAllWorkers();
  await receiver.close();
});

describe("webhook delivery under kill -9 (PostgreSQL)", () => {
  it("delivers every event, each always under one id with the same signed bytes, whatever the kills", { timeout: 90_000 }, async () => {
    const workspaceId = await createWorkspace();
    const { endpoint, secret } = await createEndpoint({ workspaceId, url: `${receiver.url}/hook` });
    await openFlags(workspaceId, EVENTS, new Date());
    const workerEnv = { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" };
    const pending = () => systemDb().webhookDelivery.count({ where: { endpointId: endpoint.id, status: { not: "succeeded" } } });
    const queued = () => systemDb().webhookDelivery.count({ where: { endpointId: endpoint.id } });
    const lives: WorkerProcess[] = [];

    let killedInFlight = 0;
    for (let life = 0; life < KILLS; life++) {
      const worker = startWorker(`webhook-fault-${life}`, workerEnv);
      lives.push(worker);
      await worker.started;
      await waitFor(() => receiver.inFlight() > 0, 15_000, `worker ${life} to send`);
      await sleep(Math.floor(random() * 300));
      if (receiver.inFlight() > 0) killedInFlight++;
      await killWorker(worker);
      if ((await queued()) === EVENTS && (await pending()) === 0) break;
    }
    const last = startWorker("webhook-fault-last", workerEnv);
    lives.push(last);
    await last.started;
    await waitFor(async () => (await queued()) === EVENTS && (await pending()) === 0, 30_000, "every delivery to succeed");
    await killWorker(last);
    for (const worker of lives) expect(workerErrors(worker), worker.name).toEqual([]);

    const events = await systemDb().notificationEvent.findMany({ where: { workspaceId }, select: { id: true, payload: true } });
    const deliveries = await systemDb().webhookDelivery.findMany({ where: { endpointId: endpoint.id }, include: { attemptsMade: true } });
    expect(events).toHaveLength(EVENTS);
    expect(deliveries.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    for (const delivery of deliveries) {
      expect(delivery.status).toBe("succeeded");
      expect(delivery.attemptsMade).toHaveLength(delivery.attempts);
      expect(delivery.attemptsMade.filter((a) => a.httpStatus === 204)).toHaveLength(1);
    }

    const bodiesById = new Map<string, Set<string>>();
    const idsByBody = new Map<string, Set<string>>();
    for (const request of receiver.requests) {
      const id = String(request.headers["webhook-id"]);
      bodiesById.set(id, (bodiesById.get(id) ?? new Set()).add(request.body));
      idsByBody.set(request.body, (idsByBody.get(request.body) ?? new Set()).add(id));
      const headers = {
        "webhook-id": id,
        "webhook-timestamp": String(request.headers["webhook-timestamp"]),
        "webhook-signature": String(request.headers["webhook-signature"]),
      };
      expect(new Webhook(secret).verify(request.body, headers)).toEqual(events.find((e) => e.id === id)!.payload);
    }
    expect([...bodiesById.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    for (const bodies of bodiesById.values()) expect(bodies.size).toBe(1);
    for (const ids of idsByBody.values()) expect(ids.size).toBe(1);
    for (const delivery of deliveries) {
      const received = receiver.requests.filter((r) => r.headers["webhook-id"] === delivery.eventId).length;
      expect(received).toBeGreaterThanOrEqual(delivery.attempts); // a killed attempt was received but not stored
    }

    const resent = receiver.requests.length - EVENTS;
    console.log(
      `webhook delivery fault test: ${lives.length} worker lives, ${killedInFlight} killed with requests in flight, ` +
        `${receiver.requests.length} requests for ${EVENTS} events (${resent} sent again)`,
    );
    expect(killedInFlight).toBeGreaterThan(0);
    expect(resent).toBeGreaterThan(0);
  });
});
