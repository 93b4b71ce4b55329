// Webhook delivery fixtures: a workspace of its own, flag changes (the outbox trigger turns each
// into an event), an endpoint with a known secret, and a local HTTP receiver that records every
// request it gets.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Prisma, systemDb } from "@/lib/db";
import { sealSecret } from "@/lib/notifications/secret-box";

export async function createWorkspace(): Promise<string> {
  const id = `ws_hooks_${randomUUID().slice(0, 8)}`;
  await systemDb().workspace.create({ data: { id, slug: id.replace(/_/g, "-"), name: "Hooks Inc", timeZone: "UTC", currency: "USD" } });
  return id;
}

/** `count` flags opened at `at`, one change each: `count` anomaly.opened events once prepared. */
export async function openFlags(workspaceId: string, count: number, at: Date): Promise<void> {
  for (let i = 0; i < count; i++) {
    const flag = await systemDb().anomalyFlag.create({
      data: {
        workspaceId,
        productArea: "compute",
        kind: "spike",
        severity: "high",
        startDate: new Date("2026-11-20"),
        endDate: new Date("2026-11-20"),
        expected: new Prisma.Decimal(100 + i),
        observed: new Prisma.Decimal(1000 + i),
        detectorVersion: "test",
        createdAt: at,
        updatedAt: at,
      },
    });
    await systemDb().anomalyFlagChange.create({ data: { flagId: flag.id, workspaceId, fromStatus: null, toStatus: "open", at } });
  }
}

export const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export async function createEndpoint(options: {
  workspaceId: string;
  url: string;
  events?: string[];
  secret?: string;
  previousSecret?: { secret: string; expiresAt: Date };
  disabledAt?: Date;
  createdAt?: Date;
}) {
  const secret = options.secret ?? newSecret();
  const endpoint = await systemDb().webhookEndpoint.create({
    data: {
      workspaceId: options.workspaceId,
      url: options.url,
      events: options.events ?? ["anomaly.opened", "anomaly.resolved", "budget.crossed"],
      secretCiphertext: sealSecret(secret),
      previousSecretCiphertext: options.previousSecret ? sealSecret(options.previousSecret.secret) : null,
      previousSecretExpiresAt: options.previousSecret?.expiresAt ?? null,
      disabledAt: options.disabledAt ?? null,
      createdById: "test",
      createdAt: options.createdAt,
      updatedAt: options.createdAt,
    },
  });
  return { endpoint, secret };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** How the next requests are answered (default: 200 at once). */
  answer: (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;
  /** Requests received and not yet answered. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let inFlight = 0;
  const receiver: Receiver = {
    url: "",
    requests: [],
    answer: (_, response) => void response.writeHead(200).end("ok"),
    inFlight: () => inFlight,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    inFlight++;
    response.on("close", () => inFlight--);
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const received = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      receiver.requests.push(received);
      void receiver.answer(received, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = receiver.close;
  receiver.close = () => {
    server.closeAllConnections();
    return close();
  };
  return receiver;
}
