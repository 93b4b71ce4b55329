import { beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { DELETE } from "@/app/api/billing/webhooks/[id]/route";
import { GET as deliveries } from "@/app/api/billing/webhooks/[id]/deliveries/route";
import { POST as enable } from "@/app/api/billing/webhooks/[id]/enable/route";
import { POST as rotate } from "@/app/api/billing/webhooks/[id]/rotate-secret/route";
import { POST as sendTest } from "@/app/api/billing/webhooks/[id]/test/route";
import { GET, POST } from "@/app/api/billing/webhooks/route";
import type { WorkspaceContext } from "@/lib/access/domain-context";
import { checkAccess } from "@/lib/access/check-access";
import type { Permission } from "@/lib/access/permissions";
import { runFullPass } from "@/lib/anomalies/anomaly-job";
import { errorBodySchema } from "@/lib/api/error-response";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { NotificationPayload } from "@/lib/notifications/event-types";
import { prepareEvents } from "@/lib/notifications/prepare-events";
import { newSigningSecret, openSecret, sealSecret } from "@/lib/notifications/secret-box";
import { listWebhookEndpoints } from "@/lib/notifications/webhooks/list-webhook-endpoints";
import { rotateWebhookSecret } from "@/lib/notifications/webhooks/rotate-webhook-secret";
import { newEventId } from "@/lib/notifications/webhooks/test-webhook-endpoint";
import { WEBHOOK_EVENT_SCHEMAS } from "@/lib/notifications/webhooks/webhook-event-schemas";
import {
  webhookDeliveriesSchema,
  webhookEndpointSchema,
  webhookEndpointsSchema,
  webhookEndpointWithSecretSchema,
  webhookTestSchema,
} from "@/lib/notifications/webhooks/webhook-response";
import { ACCOUNTS, actorFor, seedDemoData, WORKSPACE_IDS, type AccountName } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { EXPECTED, expectRoleMatrix, isAllowed, type Slug } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

// A public address literal: no DNS lookup, and not in any reserved range.
const PUBLIC_URL = "https://93.184.215.14/hooks/billing";
const BASE = "/api/billing/webhooks";
const HOUR = 3_600_000;

type Handler = Parameters<typeof callRoute>[0];
const jsonBody = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const create = (workspaceId: string, body: unknown, as: string | null, headers: Record<string, string> = {}) =>
  callRoute(POST, `${BASE}?workspaceId=${workspaceId}`, {
    as,
    method: "POST",
    ...jsonBody(body),
    headers: { ...jsonBody(body).headers, ...headers },
  });
const onEndpoint = (handler: Handler, id: string, as: string | null, { suffix = "", method = "POST", query = "" } = {}) =>
  callRoute(handler, `${BASE}/${id}${suffix}${query}`, { as, method }, { id });

const valid = { url: PUBLIC_URL, events: ["anomaly.opened", "budget.crossed"], description: "Pager bridge" };

/** Every secret an answer handed out: none may appear in an audit row. */
const secretsSeen: string[] = [];

async function makeEndpoint(workspaceId: string, extra: { disabledAt?: Date; disabledReason?: string } = {}) {
  return systemDb().webhookEndpoint.create({
    data: {
      workspaceId,
      url: PUBLIC_URL,
      events: ["anomaly.opened"],
      secretCiphertext: sealSecret(newSigningSecret()),
      createdById: "test",
      ...extra,
    },
  });
}

async function contextFor(email: string, workspaceId: string, permission: Permission): Promise<WorkspaceContext> {
  const actor = await actorFor(email);
  const access = await checkAccess({ actor, workspaces: { ids: [workspaceId] }, permission, feature: "billing-dashboard" });
  return { actor, access, request: { requestId: "webhooks-test", clientRequestId: null, ip: null, userAgent: null } };
}

async function expectBadRequest(response: Response, field: string, message: RegExp) {
  expect(response.status).toBe(400);
  const { error } = parseDocumented(errorBodySchema, await response.json());
  expect(error.code).toBe("bad_request");
  expect(error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
  expect(error.message).toMatch(new RegExp(`^Invalid body: ${field} `));
  return error;
}

beforeAll(() => seedDemoData());

describe(`POST /api/billing/webhooks on ${backend}`, () => {
  it("follows the permission table: workspace ADMINs only; signed out 401; a cross-site page 403", async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const account of Object.keys(ACCOUNTS) as AccountName[]) {
      for (const slug of Object.keys(WORKSPACE_IDS) as Slug[]) {
        const response = await create(WORKSPACE_IDS[slug], valid, ACCOUNTS[account]);
        outcomes.push(`${account}@${slug}:${response.status}`);
        expected.push(`${account}@${slug}:${isAllowed(account, slug, "notifications:manage") ? 201 : 403}`);
        if (response.status === 201) secretsSeen.push((await response.json()).secret);
      }
    }
    expect(outcomes).toEqual(expected);
    expect((await create("ws_acme", valid, null)).status).toBe(401);
    const crossSite = await create("ws_acme", valid, ACCOUNTS.admin, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const all = await create("all", valid, ACCOUNTS.admin);
    expect(all.status).toBe(400);
  });

  it("answers 201 with the endpoint and its secret, shown this once and stored only sealed", async () => {
    const response = await create("ws_acme", valid, ACCOUNTS.admin);
    expect(response.status).toBe(201);
    const body = parseDocumented(webhookEndpointWithSecretSchema, await response.json());
    secretsSeen.push(body.secret);
    expect(body).toMatchObject({
      workspaceId: "ws_acme",
      url: PUBLIC_URL,
      description: "Pager bridge",
      events: ["anomaly.opened", "budget.crossed"],
      disabledAt: null,
      disabledReason: null,
      previousSecretExpiresAt: null,
    });
    expect(body.secret).toMatch(/^whsec_/);
    expect(Buffer.from(body.secret.slice("whsec_".length), "base64")).toHaveLength(32);

    const row = await systemDb().webhookEndpoint.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.secretCiphertext).not.toContain(body.secret.slice("whsec_".length));
    expect(openSecret(row.secretCiphertext)).toBe(body.secret);
    expect(row.createdById).toBe((await actorFor(ACCOUNTS.admin)).id);

    // A receiver verifies with exactly this secret.
    const signer = new Webhook(body.secret);
    const [id, at, payload] = ["msg_0123", new Date(), '{"type":"webhook.test"}'];
    const headers = { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)) };
    expect(signer.verify(payload, { ...headers, "webhook-signature": signer.sign(id, at, payload) })).toEqual({ type: "webhook.test" });

    const listed = await callRoute(GET, `${BASE}?workspaceId=ws_acme`, { as: ACCOUNTS.admin });
    const text = await listed.text();
    expect(text).not.toContain(body.secret.slice("whsec_".length));
    const endpoint = parseDocumented(webhookEndpointsSchema, JSON.parse(text)).endpoints.find((e) => e.id === body.id);
    const { secret: _secret, ...withoutSecret } = body;
    expect(endpoint).toEqual(withoutSecret);

    const audit = await systemDb().auditEvent.findFirstOrThrow({
      where: { action: "billing.webhook.created", target: { path: ["endpointId"], equals: body.id } },
    });
    expect(audit).toMatchObject({ workspaceId: "ws_acme", actorEmail: ACCOUNTS.admin });
    expect(audit.target).toEqual({ endpointId: body.id, host: "93.184.215.14", events: ["anomaly.opened", "budget.crossed"] });
  });

  it.each([
    ["ftp://93.184.215.14/hook", /must use https/],
    ["http://example.com/hook", /must use https \(http only for hosts an operator allows\)/],
    ["https://user:pass@93.184.215.14/hook", /must not carry a user name or password/],
    ["not a url", /must be an absolute http\(s\) URL/],
    ["https://127.0.0.1/hook", /^resolves to 127\.0\.0\.1, which is a loopback address$/],
    [
      "https://169.254.169.254/latest/meta-data",
      /^resolves to 169\.254\.169\.254, which is a link-local address \(where cloud metadata services live\)$/,
    ],
    ["https://10.1.2.3/hook", /^resolves to 10\.1\.2\.3, which is a private address$/],
    ["https://[::1]/hook", /^resolves to ::1, which is a loopback address$/],
    ["https://[::ffff:10.0.0.1]/hook", /which is a private address$/],
    ["https://localhost/hook", /which is a loopback address$/],
    ["https://no-such-host.invalid/hook", /^cannot be resolved/],
  ])("refuses %s with a 400 saying why", async (url, message) => {
    await expectBadRequest(await create("ws_globex", { ...valid, url }, ACCOUNTS.admin), "url", message);
  });

  it("allows http and a private host an operator lists in WEBHOOK_ALLOWED_HOSTS", async () => {
    // env() is parsed once per process (lib/env.ts) and the URL policy reads it on every call.
    const before = env().WEBHOOK_ALLOWED_HOSTS;
    env().WEBHOOK_ALLOWED_HOSTS = ["localhost"];
    try {
      const response = await create("ws_globex", { ...valid, url: "http://localhost:4010/hook" }, ACCOUNTS.admin);
      expect(response.status).toBe(201);
      const body = await response.json();
      secretsSeen.push(body.secret);
      expect(body.url).toBe("http://localhost:4010/hook");
      await systemDb().webhookEndpoint.delete({ where: { id: body.id } });
    } finally {
      env().WEBHOOK_ALLOWED_HOSTS = before;
    }
    await expectBadRequest(await create("ws_globex", { ...valid, url: "http://localhost:4010/hook" }, ACCOUNTS.admin), "url", /https/);
  });

  it("validates events and description", async () => {
    await expectBadRequest(await create("ws_globex", { ...valid, events: [] }, ACCOUNTS.admin), "events", /at least one/);
    await expectBadRequest(
      await create("ws_globex", { ...valid, events: ["budget.crossed", "budget.crossed"] }, ACCOUNTS.admin),
      "events",
      /repeat/,
    );
    await expectBadRequest(await create("ws_globex", { ...valid, events: ["webhook.test"] }, ACCOUNTS.admin), "events.0", /./);
    await expectBadRequest(await create("ws_globex", { ...valid, description: "x".repeat(201) }, ACCOUNTS.admin), "description", /200/);
    const { url: _url, ...noUrl } = valid;
    expect((await create("ws_globex", noUrl, ACCOUNTS.admin)).status).toBe(400);
    const bare = await create("ws_globex", { url: "https://93.184.215.14", events: ["anomaly.resolved"] }, ACCOUNTS.admin);
    const body = parseDocumented(webhookEndpointWithSecretSchema, await bare.json());
    secretsSeen.push(body.secret);
    expect([body.url, body.description]).toEqual(["https://93.184.215.14/", null]);
  });

  it("keeps a workspace to 10 endpoints, even asked for 12 at once: the rest are 409s saying so", async () => {
    await systemDb().webhookEndpoint.deleteMany({ where: { workspaceId: "ws_initech" } });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => create("ws_initech", { ...valid, description: `#${i}` }, ACCOUNTS.initechOwner)),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(10).fill(201), 409, 409]);
    for (const response of responses.filter((r) => r.status === 201)) secretsSeen.push((await response.json()).secret);
    const refused = responses.find((r) => r.status === 409)!;
    const { error } = parseDocumented(errorBodySchema, await refused.json());
    expect(error).toMatchObject({ code: "conflict", details: { reason: "too_many_endpoints", limit: 10 } });
    expect(error.message).toMatch(/already has 10 webhook endpoints, the most allowed; delete one/);
    expect(await systemDb().webhookEndpoint.count({ where: { workspaceId: "ws_initech" } })).toBe(10);
    await systemDb().webhookEndpoint.deleteMany({ where: { workspaceId: "ws_initech" } });
  });
});

describe(`GET /api/billing/webhooks on ${backend}`, () => {
  it("follows notifications:view: ADMIN and staff SUPPORT", async () => {
    await expectRoleMatrix(GET, (id) => `${BASE}?workspaceId=${id}`, "notifications:view");
  });

  it("lists one workspace's endpoints newest first, and audits the look", async () => {
    await systemDb().webhookEndpoint.deleteMany({ where: { workspaceId: "ws_globex" } });
    const older = await makeEndpoint("ws_globex");
    await systemDb().webhookEndpoint.update({ where: { id: older.id }, data: { createdAt: new Date(Date.now() - HOUR) } });
    const newer = await makeEndpoint("ws_globex");
    await makeEndpoint("ws_acme");
    const body = parseDocumented(
      webhookEndpointsSchema,
      await (
        await callRoute(GET, `${BASE}?workspaceId=ws_globex`, { as: ACCOUNTS.support, headers: { "x-request-id": "webhooks-list-0001" } })
      ).json(),
    );
    expect(body.endpoints.map((e) => e.id)).toEqual([newer.id, older.id]);
    const audit = await systemDb().auditEvent.findFirstOrThrow({
      where: { action: "billing.webhooks.viewed", clientRequestId: "webhooks-list-0001" },
    });
    expect(audit).toMatchObject({ workspaceId: "ws_globex", actorEmail: ACCOUNTS.support });
    expect(audit.metadata).toMatchObject({ count: 2, role: "SUPPORT" });
    expect((await callRoute(GET, `${BASE}?workspaceId=all`, { as: ACCOUNTS.support })).status).toBe(400);
  });
});

/** Each account on an endpoint of each workspace: allowed → okStatus, visible workspace → 403, else 404. */
async function expectResourceMatrix(
  handler: Handler,
  permission: Permission,
  okStatus: number,
  options: { suffix?: string; method?: string },
) {
  const outcomes: string[] = [];
  const expected: string[] = [];
  for (const account of Object.keys(ACCOUNTS) as AccountName[]) {
    for (const slug of Object.keys(WORKSPACE_IDS) as Slug[]) {
      const endpoint = await makeEndpoint(WORKSPACE_IDS[slug]);
      const response = await onEndpoint(handler, endpoint.id, ACCOUNTS[account], options);
      outcomes.push(`${account}@${slug}:${response.status}`);
      const visible = slug in EXPECTED[account];
      expected.push(`${account}@${slug}:${isAllowed(account, slug, permission) ? okStatus : visible ? 403 : 404}`);
      if (response.status === 200 && options.suffix === "/rotate-secret") secretsSeen.push((await response.json()).secret);
      if (response.status >= 400) expect(parseDocumented(errorBodySchema, await response.json()).error.code).toBeTruthy();
    }
  }
  expect(outcomes).toEqual(expected);
  const endpoint = await makeEndpoint("ws_acme");
  expect((await onEndpoint(handler, endpoint.id, null, options)).status).toBe(401);
  expect((await onEndpoint(handler, "no-such-endpoint", ACCOUNTS.admin, options)).status).toBe(404);
}

describe(`/api/billing/webhooks/{id}/… permissions on ${backend}`, () => {
  it.each([
    ["DELETE …/{id}", DELETE, "notifications:manage", 204, { method: "DELETE" }],
    ["POST …/rotate-secret", rotate, "notifications:manage", 200, { suffix: "/rotate-secret" }],
    ["POST …/enable", enable, "notifications:manage", 200, { suffix: "/enable" }],
    ["POST …/test", sendTest, "notifications:manage", 202, { suffix: "/test" }],
    ["GET …/deliveries", deliveries, "notifications:view", 200, { suffix: "/deliveries", method: "GET" }],
  ] as const)(
    "%s: own workspace without the permission 403, a foreign one 404, signed out 401",
    async (_name, handler, permission, ok, options) => {
      await expectResourceMatrix(handler, permission, ok, options);
    },
  );
});

describe(`managing an endpoint on ${backend}`, () => {
  it("DELETE removes it with its deliveries, audits it, and is 404 once gone", async () => {
    const endpoint = await makeEndpoint("ws_acme");
    const eventId = newEventId();
    await systemDb().notificationEvent.create({ data: { id: eventId, workspaceId: "ws_acme", type: "anomaly.opened" } });
    await systemDb().webhookDelivery.create({
      data: { workspaceId: "ws_acme", endpointId: endpoint.id, eventId, nextAttemptAt: new Date() },
    });
    const removed = await onEndpoint(DELETE, endpoint.id, ACCOUNTS.admin, { method: "DELETE" });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe("");
    expect(await systemDb().webhookEndpoint.count({ where: { id: endpoint.id } })).toBe(0);
    expect(await systemDb().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect(
      await systemDb().auditEvent.count({
        where: { action: "billing.webhook.deleted", target: { path: ["endpointId"], equals: endpoint.id } },
      }),
    ).toBe(1);
    expect((await onEndpoint(DELETE, endpoint.id, ACCOUNTS.admin, { method: "DELETE" })).status).toBe(404);
  });

  it("rotate-secret answers a new secret and keeps the previous one signing for 24 hours", async () => {
    await systemDb().webhookEndpoint.deleteMany({ where: { workspaceId: "ws_acme" } }); // room under the limit
    const created = parseDocumented(webhookEndpointWithSecretSchema, await (await create("ws_acme", valid, ACCOUNTS.admin)).json());
    const response = await onEndpoint(rotate, created.id, ACCOUNTS.admin, { suffix: "/rotate-secret" });
    expect(response.status).toBe(200);
    const rotated = parseDocumented(webhookEndpointWithSecretSchema, await response.json());
    secretsSeen.push(created.secret, rotated.secret);
    expect(rotated.secret).not.toBe(created.secret);
    const row = await systemDb().webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(openSecret(row.secretCiphertext)).toBe(rotated.secret);
    expect(openSecret(row.previousSecretCiphertext!)).toBe(created.secret);
    expect(row.previousSecretExpiresAt!.getTime() - row.updatedAt.getTime()).toBe(24 * HOUR);
    expect(rotated.previousSecretExpiresAt).toBe(row.previousSecretExpiresAt!.toISOString());
    const audit = await systemDb().auditEvent.findFirstOrThrow({
      where: { action: "billing.webhook.secret_rotated", target: { path: ["endpointId"], equals: created.id } },
    });
    expect(audit.metadata).toMatchObject({ previousSecretExpiresAt: rotated.previousSecretExpiresAt });
  });

  it("with a pinned clock: the previous secret's expiry shows until it passes; a second rotation keeps the one it replaces", async () => {
    const NOW = new Date("2026-12-08T09:00:00Z");
    const ctx = await contextFor(ACCOUNTS.admin, "ws_globex", "notifications:manage");
    const endpoint = await makeEndpoint("ws_globex");
    const first = await rotateWebhookSecret({ ctx, input: { endpoint, now: NOW } });
    expect([first.updatedAt, first.previousSecretExpiresAt]).toEqual(["2026-12-08T09:00:00.000Z", "2026-12-09T09:00:00.000Z"]);
    const later = new Date(NOW.getTime() + 2 * HOUR);
    const second = await rotateWebhookSecret({ ctx, input: { endpoint, now: later } });
    secretsSeen.push(first.secret, second.secret);
    const row = await systemDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect([openSecret(row.secretCiphertext), openSecret(row.previousSecretCiphertext!)]).toEqual([second.secret, first.secret]);
    expect(second.previousSecretExpiresAt).toBe("2026-12-09T11:00:00.000Z");

    const view = await contextFor(ACCOUNTS.support, "ws_globex", "notifications:view");
    const shown = async (now: Date) =>
      (await listWebhookEndpoints({ ctx: view, input: { now } })).endpoints.find((e) => e.id === endpoint.id)!.previousSecretExpiresAt;
    expect(await shown(new Date(later.getTime() + 23 * HOUR))).toBe("2026-12-09T11:00:00.000Z");
    expect(await shown(new Date(later.getTime() + 24 * HOUR))).toBeNull();
  });

  it("enable clears what the sender set when it disabled the endpoint, and audits why it had been", async () => {
    const disabledAt = new Date("2026-12-01T00:00:00Z");
    const endpoint = await makeEndpoint("ws_acme", { disabledAt, disabledReason: "failing for 5 days (HTTP 503)" });
    const response = await onEndpoint(enable, endpoint.id, ACCOUNTS.admin, { suffix: "/enable" });
    expect(response.status).toBe(200);
    const body = parseDocumented(webhookEndpointSchema, await response.json());
    expect(body).toMatchObject({ id: endpoint.id, disabledAt: null, disabledReason: null });
    const row = await systemDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect([row.disabledAt, row.disabledReason]).toEqual([null, null]);
    const audit = await systemDb().auditEvent.findFirstOrThrow({
      where: { action: "billing.webhook.enabled", target: { path: ["endpointId"], equals: endpoint.id } },
    });
    expect(audit.metadata).toMatchObject({ wasDisabled: true, disabledReason: "failing for 5 days (HTTP 503)" });
    // Enabling an enabled endpoint changes nothing.
    expect((await onEndpoint(enable, endpoint.id, ACCOUNTS.admin, { suffix: "/enable" })).status).toBe(200);
  });

  it("test queues one prepared webhook.test event and one pending delivery, for this endpoint only; 409 while disabled", async () => {
    const endpoint = await makeEndpoint("ws_acme", { disabledAt: new Date(), disabledReason: "failing for 5 days" });
    await makeEndpoint("ws_acme");
    const refused = await onEndpoint(sendTest, endpoint.id, ACCOUNTS.admin, { suffix: "/test" });
    expect(refused.status).toBe(409);
    expect(parseDocumented(errorBodySchema, await refused.json()).error.message).toMatch(/disabled .*enable it first/);
    await onEndpoint(enable, endpoint.id, ACCOUNTS.admin, { suffix: "/enable" });

    const before = new Date();
    const response = await onEndpoint(sendTest, endpoint.id, ACCOUNTS.admin, { suffix: "/test" });
    expect(response.status).toBe(202);
    const { eventId, deliveryId } = parseDocumented(webhookTestSchema, await response.json());
    expect(eventId).toMatch(/^msg_[0-9a-f]{32}$/);
    const event = await systemDb().notificationEvent.findUniqueOrThrow({ where: { id: eventId }, include: { webhookDeliveries: true } });
    expect(event).toMatchObject({ workspaceId: "ws_acme", type: "webhook.test", changeId: null });
    for (const at of [event.preparedAt, event.webhooksQueuedAt, event.emailQueuedAt])
      expect(at!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const payload = parseDocumented(WEBHOOK_EVENT_SCHEMAS["webhook.test"], event.payload);
    expect(payload).toMatchObject({ type: "webhook.test", workspaceId: "ws_acme", data: { endpointId: endpoint.id } });
    expect(payload.timestamp).toBe(event.preparedAt!.toISOString());
    expect(event.webhookDeliveries).toEqual([
      expect.objectContaining({ id: deliveryId, endpointId: endpoint.id, workspaceId: "ws_acme", status: "pending", attempts: 0 }),
    ]);
    expect(event.webhookDeliveries[0]!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    // Already prepared: the preparation step leaves it as it is.
    await prepareEvents(new Date());
    expect((await systemDb().notificationEvent.findUniqueOrThrow({ where: { id: eventId } })).payload).toEqual(event.payload);
    expect(
      await systemDb().auditEvent.count({ where: { action: "billing.webhook.tested", target: { path: ["eventId"], equals: eventId } } }),
    ).toBe(1);
  });
});

describe(`GET /api/billing/webhooks/{id}/deliveries on ${backend}`, () => {
  it("lists attempts newest first a page at a time, with their outcome, and the deliveries still pending", async () => {
    const endpoint = await makeEndpoint("ws_globex");
    const other = await makeEndpoint("ws_globex");
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 8, 9, minute));
    const delivery = async (endpointId: string, status: string, attempts: number, nextAttemptAt: Date) => {
      const event = await systemDb().notificationEvent.create({
        data: { id: newEventId(), workspaceId: "ws_globex", type: "anomaly.opened", preparedAt: at(0) },
      });
      return systemDb().webhookDelivery.create({
        data: { workspaceId: "ws_globex", endpointId, eventId: event.id, status, attempts, nextAttemptAt },
      });
    };
    const attempt = (
      d: { id: string; endpointId: string; eventId: string },
      minute: number,
      httpStatus: number | null,
      error: string | null,
    ) =>
      systemDb().webhookAttempt.create({
        data: {
          workspaceId: "ws_globex",
          deliveryId: d.id,
          endpointId: d.endpointId,
          eventId: d.eventId,
          type: "anomaly.opened",
          at: at(minute),
          durationMs: 120,
          httpStatus,
          error,
        },
      });
    const done = await delivery(endpoint.id, "succeeded", 2, at(5));
    const waiting = await delivery(endpoint.id, "pending", 1, at(40));
    const elsewhere = await delivery(other.id, "pending", 1, at(41));
    const a1 = await attempt(done, 1, 500, "HTTP 500");
    const a2 = await attempt(done, 5, 204, null);
    const a3 = await attempt(waiting, 10, null, "connect ECONNREFUSED");
    await attempt(elsewhere, 11, 200, null);

    const page = async (query: string) => {
      const response = await onEndpoint(deliveries, endpoint.id, ACCOUNTS.support, { suffix: "/deliveries", method: "GET", query });
      expect(response.status).toBe(200);
      return parseDocumented(webhookDeliveriesSchema, await response.json());
    };
    const first = await page("?limit=2");
    expect(first.attempts).toEqual([
      {
        id: a3.id,
        deliveryId: waiting.id,
        eventId: waiting.eventId,
        type: "anomaly.opened",
        at: at(10).toISOString(),
        httpStatus: null,
        error: "connect ECONNREFUSED",
        durationMs: 120,
        outcome: "failed",
      },
      expect.objectContaining({ id: a2.id, httpStatus: 204, error: null, outcome: "succeeded" }),
    ]);
    expect(first.pending).toEqual([
      { deliveryId: waiting.id, eventId: waiting.eventId, type: "anomaly.opened", attempts: 1, nextAttemptAt: at(40).toISOString() },
    ]);
    expect(first.nextCursor).not.toBeNull();
    const second = await page(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.attempts.map((a) => [a.id, a.outcome])).toEqual([[a1.id, "failed"]]);
    expect(second.nextCursor).toBeNull();

    const bad = await onEndpoint(deliveries, endpoint.id, ACCOUNTS.support, {
      suffix: "/deliveries",
      method: "GET",
      query: "?cursor=nonsense",
    });
    expect(bad.status).toBe(400);
    const audits = await systemDb().auditEvent.findMany({
      where: { action: "billing.webhook.deliveries_viewed", target: { path: ["endpointId"], equals: endpoint.id } },
    });
    const cursors = audits.map((a) => (a.target as { cursor: string | null }).cursor);
    expect(cursors).toHaveLength(2);
    expect(cursors).toEqual(expect.arrayContaining([null, "next page"]));
  });
});

describe(`the documented webhook bodies on ${backend}`, () => {
  it("are what preparing real flag changes produces", async () => {
    await runFullPass();
    while ((await prepareEvents(new Date())) > 0);
    // Flag changes' events, and the test events the API queued (not the bare rows other tests inserted).
    const events = await systemDb().notificationEvent.findMany({
      where: { type: { in: Object.keys(WEBHOOK_EVENT_SCHEMAS) }, OR: [{ changeId: { not: null } }, { type: "webhook.test" }] },
    });
    const types = new Set<string>();
    for (const event of events) {
      const type = event.type as keyof typeof WEBHOOK_EVENT_SCHEMAS;
      const payload = parseDocumented(WEBHOOK_EVENT_SCHEMAS[type], event.payload) as NotificationPayload;
      expect(payload.type).toBe(type);
      types.add(type);
    }
    expect(types.has("anomaly.opened")).toBe(true);
  });
});

// Last in the file: every secret the answers above handed out.
describe(`audit rows on ${backend}`, () => {
  it("never hold a signing secret", async () => {
    const audit = JSON.stringify(await systemDb().auditEvent.findMany({ where: { action: { startsWith: "billing.webhook" } } }));
    expect(secretsSeen.length).toBeGreaterThan(20);
    for (const secret of secretsSeen) expect(audit).not.toContain(secret.slice("whsec_".length));
  });
});
