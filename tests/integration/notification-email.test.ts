import { createServer, type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET, PUT } from "@/app/api/billing/notifications/email/route";
import { errorBodySchema } from "@/lib/api/error-response";
import { type Prisma, systemDb } from "@/lib/db";
import type { AnomalyFlag } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { emailSettingsResponseSchema } from "@/lib/notifications/email/settings-response";
import { RETRY_DELAYS_MS } from "@/lib/notifications/email/send-emails";
import { runNotificationSteps } from "@/lib/notifications/notification-job";
import { metrics } from "@/lib/observability/metrics";
import { ACCOUNTS, WORKSPACE_IDS, seedDemoData, type AccountName } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { expectRoleMatrix, isAllowed, type Slug } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

// Notification e-mail against a real SMTP server on loopback (smtp-server): who gets what, when,
// what it says, and what a refusing server leads to. Every run pins `now`; nothing sleeps.

interface Received {
  to: string[];
  headers: Record<string, string>;
  text: string;
  html: string;
}

/** What the test server does next: a reply code per recipient address, and codes for the next messages' DATA. */
const server = { inbox: [] as Received[], refused: [] as Received[], rcptCodes: new Map<string, number>(), dataCodes: [] as number[] };

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    const code = server.rcptCodes.get(address.address);
    callback(code ? smtpError(code, "recipient refused") : null);
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const message = parseMessage(
        Buffer.concat(chunks).toString("utf8"),
        session.envelope.rcptTo.map((r) => r.address),
      );
      const code = server.dataCodes.shift();
      (code ? server.refused : server.inbox).push(message);
      callback(code ? smtpError(code, "try again later") : null);
    });
  },
});

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

// A simple reading of what nodemailer writes: headers, then a multipart/alternative of a text and an
// HTML part, each quoted-printable or base64.
function parseMessage(raw: string, to: string[]): Received {
  const [head, ...rest] = raw.split("\r\n\r\n");
  const headers = headersOf(head!);
  const body = rest.join("\r\n\r\n");
  const boundary = /boundary="?([^";]+)"?/.exec(headers["content-type"] ?? "")?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [`${head}\r\n\r\n${body}`];
  const part = (type: string) => {
    const found = parts.find((p) => headersOf(p.split("\r\n\r\n")[0]!.trim())["content-type"]?.startsWith(type));
    if (!found) return "";
    const [partHead, ...partBody] = found.trim().split("\r\n\r\n");
    return decode(partBody.join("\r\n\r\n"), headersOf(partHead!)["content-transfer-encoding"] ?? "7bit");
  };
  return { to, headers, text: part("text/plain"), html: part("text/html") };
}

function headersOf(head: string): Record<string, string> {
  const unfolded = head.replace(/\r\n[ \t]+/g, " ");
  return Object.fromEntries(
    unfolded
      .split("\r\n")
      .map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), decodeWords(line.slice(line.indexOf(":") + 1).trim())]),
  );
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=); the space between two of them is not text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === "B" ? decode(text, "base64") : decode(text.replace(/_/g, " "), "quoted-printable"),
    );
}

function decode(text: string, encoding: string): string {
  if (encoding === "base64") return Buffer.from(text, "base64").toString("utf8");
  if (encoding !== "quoted-printable") return text;
  const escaped = text
    .replace(/=\r\n/g, "")
    .replace(/%/g, "%25")
    .replace(/=([0-9A-F]{2})/g, "%$1");
  return decodeURIComponent(escaped).replace(/\r\n/g, "\n");
}

const ACME = WORKSPACE_IDS.acme;
const GLOBEX = WORKSPACE_IDS.globex;
const SECOND_ADMIN = "ops-admin@example.com";
let smtpUrl = "";

const useSmtp = (url: string | undefined) => Object.assign(env(), { SMTP_URL: url });

async function run(now: Date): Promise<void> {
  await runNotificationSteps(new AbortController().signal, () => now);
}

let flagCount = 0;
/** A flag raised at `at` (its first change, the outbox's event), with the figures a dashboard shows. */
async function raise(workspaceId: string, at: Date, flag: Partial<Prisma.AnomalyFlagUncheckedCreateInput> = {}): Promise<AnomalyFlag> {
  flagCount++;
  const created = await systemDb().anomalyFlag.create({
    data: {
      workspaceId,
      productArea: "compute",
      kind: "spike",
      severity: "high",
      startDate: new Date("2026-12-05"),
      endDate: new Date("2026-12-05"),
      expected: "1850",
      observed: "18500",
      impactAmount: "1234",
      currency: "USD",
      detectorVersion: `test-${flagCount}`,
      createdAt: at,
      updatedAt: at,
      ...flag,
    },
  });
  await systemDb().anomalyFlagChange.create({ data: { flagId: created.id, workspaceId, toStatus: "open", at } });
  return created;
}

async function deliveriesOf(flag: AnomalyFlag) {
  const changes = await systemDb().anomalyFlagChange.findMany({ where: { flagId: flag.id }, select: { id: true } });
  const events = await systemDb().notificationEvent.findMany({ where: { changeId: { in: changes.map((c) => c.id) } } });
  return systemDb().emailDelivery.findMany({ where: { eventId: { in: events.map((e) => e.id) } }, orderBy: { recipient: "asc" } });
}

const path = (workspaceId: string) => `/api/billing/notifications/email?workspaceId=${workspaceId}`;
const put = (workspaceId: string, body: unknown, as: string | null, headers: Record<string, string> = {}) =>
  callRoute(PUT, path(workspaceId), {
    as,
    method: "PUT",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const choose = async (workspaceId: string, body: { emailAdmins: boolean; emailFinance: boolean; dailyDigest: boolean }) => {
  const response = await put(workspaceId, body, ACCOUNTS.admin);
  expect(response.status).toBe(200);
  return parseDocumented(emailSettingsResponseSchema, await response.json());
};
const DEFAULTS = { emailAdmins: true, emailFinance: false, dailyDigest: false };

async function emailMetric(outcome: string): Promise<number> {
  const { values } = await metrics().notificationDeliveries.get();
  return values.find((v) => v.labels.channel === "email" && v.labels.outcome === outcome)?.value ?? 0;
}

describe(`notification e-mail on ${backend}`, () => {
  beforeAll(async () => {
    await seedDemoData();
    const user = await systemDb().user.create({ data: { email: SECOND_ADMIN, name: "Ola Ops", passwordHash: "not-a-hash" } });
    await systemDb().membership.create({ data: { userId: user.id, workspaceId: ACME, role: "ADMIN" } });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    useSmtp(undefined);
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  beforeEach(() => {
    server.inbox.length = 0;
    server.refused.length = 0;
    server.rcptCodes.clear();
    server.dataCodes.length = 0;
    useSmtp(smtpUrl);
  });

  it("GET follows notifications:view and PUT notifications:manage, for every role and a foreign workspace", async () => {
    await expectRoleMatrix(GET, path, "notifications:view");
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const account of Object.keys(ACCOUNTS) as AccountName[]) {
      for (const slug of Object.keys(WORKSPACE_IDS) as Slug[]) {
        const response = await put(WORKSPACE_IDS[slug], DEFAULTS, ACCOUNTS[account]);
        outcomes.push(`${account}@${slug}:${response.status}`);
        expected.push(`${account}@${slug}:${isAllowed(account, slug, "notifications:manage") ? 200 : 403}`);
      }
    }
    expect(outcomes).toEqual(expected);
    expect((await put(ACME, DEFAULTS, null)).status).toBe(401);
  });

  it("validates the body strictly, takes one workspace, refuses other sites, and audits reads and changes", async () => {
    const refusal = async (response: Response) => [response.status, parseDocumented(errorBodySchema, await response.json()).error.code];
    expect(await refusal(await put(ACME, { ...DEFAULTS, extra: true }, ACCOUNTS.admin))).toEqual([400, "bad_request"]);
    expect(await refusal(await put(ACME, { emailAdmins: true, emailFinance: false }, ACCOUNTS.admin))).toEqual([400, "bad_request"]);
    expect(await refusal(await put(ACME, { ...DEFAULTS, dailyDigest: "yes" }, ACCOUNTS.admin))).toEqual([400, "bad_request"]);
    expect(await refusal(await put(ACME, "{not json", ACCOUNTS.admin))).toEqual([400, "bad_request"]);
    const asText = await callRoute(PUT, path(ACME), { as: ACCOUNTS.admin, method: "PUT", body: JSON.stringify(DEFAULTS) });
    expect(asText.status).toBe(415);
    expect(await refusal(await put("all", DEFAULTS, ACCOUNTS.admin))).toEqual([400, "bad_request"]);
    expect(await refusal(await callRoute(GET, path(`${ACME},${GLOBEX}`), { as: ACCOUNTS.admin }))).toEqual([400, "bad_request"]);
    expect((await put(ACME, DEFAULTS, ACCOUNTS.admin, { "sec-fetch-site": "cross-site" })).status).toBe(403);

    const changed = await choose(ACME, { emailAdmins: false, emailFinance: true, dailyDigest: true });
    expect(changed).toMatchObject({ workspaceId: ACME, emailAdmins: false, emailFinance: true, dailyDigest: true, smtpConfigured: true });
    expect(changed.recipients).toEqual([ACCOUNTS.finance]);
    expect(changed.updatedAt).not.toBeNull();
    const audit = await systemDb().auditEvent.findFirstOrThrow({
      where: { action: "billing.notifications.changed", workspaceId: ACME },
      orderBy: { occurredAt: "desc" },
    });
    expect(audit.target).toEqual({ emailAdmins: false, emailFinance: true, dailyDigest: true });
    expect(audit.metadata).toMatchObject({ before: { ...DEFAULTS, stored: true } });
    await choose(ACME, DEFAULTS);

    await systemDb().notificationSettings.deleteMany({ where: { workspaceId: GLOBEX } });
    const views = await systemDb().auditEvent.count({ where: { action: "billing.notifications.viewed", workspaceId: GLOBEX } });
    const viewed = parseDocumented(
      emailSettingsResponseSchema,
      await (await callRoute(GET, path(GLOBEX), { as: ACCOUNTS.support })).json(),
    );
    expect(viewed).toEqual({
      workspaceId: GLOBEX,
      ...DEFAULTS,
      smtpConfigured: true,
      recipients: [ACCOUNTS.admin],
      updatedAt: null,
    });
    expect(await systemDb().auditEvent.count({ where: { action: "billing.notifications.viewed", workspaceId: GLOBEX } })).toBe(views + 1);
  });

  it("without SMTP_URL queues nothing, marks the events looked at, and says so", async () => {
    useSmtp(undefined);
    const flag = await raise(ACME, new Date("2026-12-07T10:00:00Z"));
    await run(new Date("2026-12-07T10:00:05Z"));
    expect(await deliveriesOf(flag)).toEqual([]);
    expect(await systemDb().notificationEvent.count({ where: { emailQueuedAt: null } })).toBe(0);
    const body = parseDocumented(emailSettingsResponseSchema, await (await callRoute(GET, path(ACME), { as: ACCOUNTS.admin })).json());
    expect(body.smtpConfigured).toBe(false);
    expect(body.recipients).toEqual([ACCOUNTS.admin, SECOND_ADMIN]);
    // Configuring SMTP later does not send the backlog.
    useSmtp(smtpUrl);
    await run(new Date("2026-12-07T10:00:10Z"));
    expect(await deliveriesOf(flag)).toEqual([]);
    expect(server.inbox).toEqual([]);
  });

  it("a high-severity anomaly and a budget crossing each reach every admin once, with their subject, figures and link", async () => {
    const at = new Date("2026-12-07T11:00:00Z");
    const spike = await raise(ACME, at);
    const budget = await raise(ACME, at, {
      productArea: null,
      kind: "budget",
      severity: "medium",
      startDate: new Date("2026-12-01"),
      endDate: new Date("2026-12-31"),
      expected: "30000",
      observed: "31500.5",
      impactAmount: "1500.5",
      threshold: 75,
      crossedBy: "projection",
      crossedOn: new Date("2026-12-07"),
      reachesOn: new Date("2026-12-23"),
      periodStart: new Date("2026-12-01"),
    });
    const before = await emailMetric("succeeded");
    await run(new Date("2026-12-07T11:00:05Z"));
    await run(new Date("2026-12-07T11:00:10Z"));

    expect(server.inbox.map((m) => `${m.to.join()} ${m.headers.subject}`).sort()).toEqual(
      [
        `${ACCOUNTS.admin} [Acme Corp] Budget 75 % crossed by the projection (at this pace, 75 % on Dec 23)`,
        `${ACCOUNTS.admin} [Acme Corp] High spike in Compute: +$1,234.00 on the invoice`,
        `${SECOND_ADMIN} [Acme Corp] Budget 75 % crossed by the projection (at this pace, 75 % on Dec 23)`,
        `${SECOND_ADMIN} [Acme Corp] High spike in Compute: +$1,234.00 on the invoice`,
      ].sort(),
    );
    expect(await emailMetric("succeeded")).toBe(before + 4);
    const spikeMail = server.inbox.find((m) => m.headers.subject!.includes("spike") && m.to[0] === ACCOUNTS.admin)!;
    expect(spikeMail.headers.from).toContain("billing-alerts@localhost");
    expect(spikeMail.headers["message-id"]).toMatch(/^<msg_[0-9a-f]{32}\.[0-9a-f]{16}@localhost>$/);
    expect(spikeMail.headers["list-unsubscribe"]).toBeUndefined();
    const link = "http://localhost:3000/w/acme/billing?day=2026-12-05&areas=compute";
    expect(spikeMail.text).toContain(`Open the dashboard: ${link}`);
    expect(spikeMail.text).toContain("Observed: 18,500 vCPU-hours");
    expect(spikeMail.text).toContain("Cost impact: +$1,234.00");
    expect(spikeMail.text).toContain("Raised: Dec 7, 2026, 6:00 AM (America/New_York)");
    expect(spikeMail.text).toContain("PUT /api/billing/notifications/email?workspaceId=ws_acme");
    expect(spikeMail.html).toContain(`<a href="${link.replace("&", "&amp;")}">`);
    const budgetMail = server.inbox.find((m) => m.headers.subject!.includes("Budget") && m.to[0] === SECOND_ADMIN)!;
    expect(budgetMail.text).toContain("Threshold: 75 % of $40,000.00 = $30,000.00");
    expect(budgetMail.text).toContain("Projected whole invoice: $31,500.50");
    expect(budgetMail.text).toContain("At this pace: 75 % on Dec 23, 2026");
    expect(budgetMail.text).toContain("Open the dashboard: http://localhost:3000/w/acme/billing?day=2026-12-01");

    for (const flag of [spike, budget]) {
      expect((await deliveriesOf(flag)).map((d) => [d.recipient, d.kind, d.status, d.attempts])).toEqual([
        [ACCOUNTS.admin, "immediate", "sent", 1],
        [SECOND_ADMIN, "immediate", "sent", 1],
      ]);
    }
  });

  it("escapes the HTML body", async () => {
    await systemDb().workspace.update({ where: { id: ACME }, data: { name: "Acme <b>&</b> Co" } });
    try {
      await raise(ACME, new Date("2026-12-07T11:30:00Z"));
      await run(new Date("2026-12-07T11:30:05Z"));
      const mail = server.inbox[0]!;
      expect(mail.headers.subject).toBe("[Acme <b>&</b> Co] High spike in Compute: +$1,234.00 on the invoice");
      expect(mail.html).toContain("Acme &lt;b&gt;&amp;&lt;/b&gt; Co");
      expect(mail.html).not.toContain("<b>");
    } finally {
      await systemDb().workspace.update({ where: { id: ACME }, data: { name: "Acme Corp" } });
    }
  });

  it("medium and low anomalies and resolutions wait for the digest; finance gets e-mail only when chosen", async () => {
    const medium = await raise(ACME, new Date("2026-12-07T12:00:00Z"), { severity: "medium" });
    await run(new Date("2026-12-07T12:00:05Z"));
    expect(await deliveriesOf(medium)).toEqual([]);
    expect(server.inbox).toEqual([]);
    expect(await systemDb().notificationEvent.count({ where: { emailQueuedAt: null } })).toBe(0);

    const high = await raise(ACME, new Date("2026-12-07T12:01:00Z"));
    await run(new Date("2026-12-07T12:01:05Z"));
    expect((await deliveriesOf(high)).map((d) => d.recipient)).toEqual([ACCOUNTS.admin, SECOND_ADMIN]);

    const chosen = await choose(ACME, { emailAdmins: true, emailFinance: true, dailyDigest: false });
    expect(chosen.recipients).toEqual([ACCOUNTS.admin, ACCOUNTS.finance, SECOND_ADMIN]);
    server.inbox.length = 0;
    const next = await raise(ACME, new Date("2026-12-07T12:02:00Z"));
    await run(new Date("2026-12-07T12:02:05Z"));
    expect(server.inbox.map((m) => m.to[0]).sort()).toEqual([ACCOUNTS.admin, ACCOUNTS.finance, SECOND_ADMIN].sort());
    expect((await deliveriesOf(next)).every((d) => d.status === "sent")).toBe(true);

    await choose(ACME, { emailAdmins: false, emailFinance: true, dailyDigest: false });
    server.inbox.length = 0;
    await raise(ACME, new Date("2026-12-07T12:03:00Z"));
    await run(new Date("2026-12-07T12:03:05Z"));
    expect(server.inbox.map((m) => m.to[0])).toEqual([ACCOUNTS.finance]);
    await choose(ACME, DEFAULTS);
  });

  it("a 451 is tried again after a minute under the same Message-ID, and then sent", async () => {
    server.dataCodes.push(451, 451);
    const flag = await raise(ACME, new Date("2026-12-07T13:00:00Z"));
    const before = await emailMetric("retry");
    await run(new Date("2026-12-07T13:00:05Z"));
    expect(server.refused).toHaveLength(2);
    const pending = await deliveriesOf(flag);
    expect(pending.map((d) => [d.status, d.attempts, d.nextAttemptAt.toISOString()])).toEqual([
      ["pending", 1, "2026-12-07T13:01:05.000Z"],
      ["pending", 1, "2026-12-07T13:01:05.000Z"],
    ]);
    expect(pending[0]!.lastError).toContain("451");
    expect(await emailMetric("retry")).toBe(before + 2);

    await run(new Date("2026-12-07T13:01:00Z"));
    expect(server.inbox).toEqual([]);
    await run(new Date("2026-12-07T13:01:05Z"));
    expect(server.inbox).toHaveLength(2);
    const sent = await deliveriesOf(flag);
    expect(sent.map((d) => [d.status, d.attempts, d.sentAt?.toISOString()])).toEqual([
      ["sent", 2, "2026-12-07T13:01:05.000Z"],
      ["sent", 2, "2026-12-07T13:01:05.000Z"],
    ]);
    for (const refused of server.refused) {
      const delivered = server.inbox.find((m) => m.to[0] === refused.to[0])!;
      expect(delivered.headers["message-id"]).toBe(refused.headers["message-id"]);
      expect(delivered.text).toBe(refused.text);
    }
    expect(new Set(server.inbox.map((m) => m.headers["message-id"])).size).toBe(2);
  });

  it("a 550 for a recipient fails that e-mail at once; the others go out", async () => {
    server.rcptCodes.set(SECOND_ADMIN, 550);
    const flag = await raise(ACME, new Date("2026-12-07T14:00:00Z"));
    const before = await emailMetric("failed");
    await run(new Date("2026-12-07T14:00:05Z"));
    const deliveries = await deliveriesOf(flag);
    expect(deliveries.map((d) => [d.recipient, d.status, d.attempts])).toEqual([
      [ACCOUNTS.admin, "sent", 1],
      [SECOND_ADMIN, "failed", 1],
    ]);
    expect(deliveries[1]!.lastError).toContain("550");
    expect(await emailMetric("failed")).toBe(before + 1);
    expect(server.inbox.map((m) => m.to[0])).toEqual([ACCOUNTS.admin]);
  });

  it("gives up after the last back-off (1 min, 5 min, 30 min, 2 h, 6 h, 12 h)", async () => {
    server.rcptCodes.set(ACCOUNTS.admin, 452);
    server.rcptCodes.set(SECOND_ADMIN, 452);
    const flag = await raise(ACME, new Date("2026-12-07T15:00:00Z"));
    let now = new Date("2026-12-07T15:00:05Z");
    const waits: number[] = [];
    for (let attempt = 1; attempt <= RETRY_DELAYS_MS.length + 1; attempt++) {
      await run(now);
      const [delivery] = await deliveriesOf(flag);
      expect(delivery!.attempts).toBe(attempt);
      if (delivery!.status === "failed") break;
      waits.push(delivery!.nextAttemptAt.getTime() - now.getTime());
      now = delivery!.nextAttemptAt;
    }
    expect(waits.map((ms) => ms / 60_000)).toEqual([1, 5, 30, 120, 360, 720]);
    expect((await deliveriesOf(flag)).map((d) => [d.status, d.attempts])).toEqual([
      ["failed", 7],
      ["failed", 7],
    ]);
    expect(server.inbox).toEqual([]);
  });

  it("an unreachable server ends the batch after one attempt, which is tried again later", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    useSmtp(`smtp://127.0.0.1:${port}`);
    const flag = await raise(ACME, new Date("2026-12-07T16:00:00Z"));
    await run(new Date("2026-12-07T16:00:05Z"));
    const deliveries = await deliveriesOf(flag);
    expect(deliveries.map((d) => [d.status, d.attempts]).sort()).toEqual([
      ["pending", 0],
      ["pending", 1],
    ]);
    expect(deliveries.find((d) => d.attempts === 1)!.lastError).toMatch(/ECONNREFUSED|connect/i);
    useSmtp(smtpUrl);
    await run(new Date("2026-12-07T16:01:05Z"));
    expect((await deliveriesOf(flag)).map((d) => d.status)).toEqual(["sent", "sent"]);
    expect(server.inbox).toHaveLength(2);
  });

  it("sends one digest of the workspace's local day once it has ended, listing every alert with its link", async () => {
    // Globex is in Berlin (UTC+1 in December) and reads dates in en-GB. Its 6 December runs from
    // 5 Dec 23:00 to 6 Dec 23:00 UTC.
    await choose(GLOBEX, { emailAdmins: true, emailFinance: false, dailyDigest: true });
    const euro = { currency: "EUR", productArea: "storage" };
    const first = await raise(GLOBEX, new Date("2026-12-05T23:30:00Z"), { ...euro, severity: "medium", impactAmount: "-12.5" });
    await raise(GLOBEX, new Date("2026-12-06T09:00:00Z"), { ...euro, impactAmount: "250" });
    await systemDb().anomalyFlag.update({ where: { id: first.id }, data: { status: "dismissed" } });
    await systemDb().anomalyFlagChange.create({
      data: {
        flagId: first.id,
        workspaceId: GLOBEX,
        fromStatus: "open",
        toStatus: "dismissed",
        note: "a migration",
        at: new Date("2026-12-06T15:00:00Z"),
      },
    });
    await raise(GLOBEX, new Date("2026-12-06T23:30:00Z"), { ...euro, severity: "low" }); // 7 December in Berlin
    await run(new Date("2026-12-06T09:00:05Z"));
    expect(server.inbox.map((m) => m.headers.subject)).toEqual(["[Globex GmbH] High spike in Object storage: +€250.00 on the invoice"]);
    server.inbox.length = 0;

    await run(new Date("2026-12-06T23:05:00Z")); // five past midnight in Berlin: not yet
    expect(server.inbox).toEqual([]);
    await run(new Date("2026-12-06T23:30:05Z"));
    await run(new Date("2026-12-07T08:00:00Z"));
    expect(server.inbox).toHaveLength(1);
    const digest = server.inbox[0]!;
    expect(digest.to).toEqual([ACCOUNTS.admin]);
    expect(digest.headers.subject).toBe("[Globex GmbH] Daily alert digest for 6 Dec");
    expect(digest.headers["message-id"]).toMatch(/^<digest\.ws_globex\.2026-12-06\.[0-9a-f]{16}@localhost>$/);
    const titles = digest.text.split("\n").filter((line) => /^((Low|Medium|High) |(Dismissed|Resolved): [a-z])/.test(line));
    expect(titles).toEqual([
      "Medium spike in Object storage: −€12.50 on the invoice",
      "High spike in Object storage: +€250.00 on the invoice (e-mailed at once)",
      "Dismissed: spike in Object storage on 5 Dec",
    ]);
    expect(digest.text).toContain("Globex GmbH: 3 alerts on 6 Dec 2026 (Europe/Berlin).");
    expect(digest.text).toContain("Note: a migration");
    expect(
      digest.text.match(/Open the dashboard: http:\/\/localhost:3000\/w\/globex\/billing\?day=2026-12-05&areas=storage/g),
    ).toHaveLength(3);
    expect(digest.html).toContain("(e-mailed at once)");

    await run(new Date("2026-12-07T09:00:00Z"));
    await run(new Date("2026-12-08T09:00:00Z")); // 7 December had an alert too, but it is another day's digest
    const digests = await systemDb().emailDelivery.findMany({
      where: { workspaceId: GLOBEX, kind: "digest" },
      orderBy: { digestDay: "asc" },
    });
    expect(digests.map((d) => [d.digestDay?.toISOString().slice(0, 10), d.recipient, d.status])).toEqual([
      ["2026-12-06", ACCOUNTS.admin, "sent"],
      ["2026-12-07", ACCOUNTS.admin, "sent"],
    ]);
    expect(server.inbox.map((m) => m.headers.subject)).toEqual([
      "[Globex GmbH] Daily alert digest for 6 Dec",
      "[Globex GmbH] Daily alert digest for 7 Dec",
    ]);
  });

  it("queues no digest without SMTP_URL, nor for a workspace that did not choose one", async () => {
    await raise(ACME, new Date("2026-12-09T12:00:00Z"), { severity: "low" });
    await run(new Date("2026-12-10T12:00:00Z"));
    await choose(GLOBEX, { emailAdmins: true, emailFinance: false, dailyDigest: true });
    await raise(GLOBEX, new Date("2026-12-09T12:00:00Z"), { severity: "low", currency: "EUR" });
    useSmtp(undefined);
    await run(new Date("2026-12-10T12:00:00Z"));
    expect(await systemDb().emailDelivery.count({ where: { kind: "digest", digestDay: new Date("2026-12-09") } })).toBe(0);
    expect(server.inbox).toEqual([]);
  });
});
