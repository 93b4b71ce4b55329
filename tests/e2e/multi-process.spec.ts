// More than one machine's worth of processes on one PostgreSQL database (docs/scaling.md): two
// app servers that do not consume (METERING_CONSUMER=off) and two `npm run worker` consumers. An
// event ingested through one app must show, exactly once, in the other's cached usage API.
// PostgreSQL only: scripts/e2e.ts prepares the database and playwright.config.ts registers the
// project only then (the embedded database belongs to a single process).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { PASSWORD } from "./support";

const DATABASE_URL = process.env.E2E_MULTI_DATABASE_URL ?? "";
const PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const APPS = [PORT, PORT + 1].map((port) => `http://localhost:${port}`);
const INGEST_TOKEN = "e2e-multi-ingest-token-e2e-multi-ingest";
const NEXT_CLI = "node_modules/next/dist/bin/next";
const TSX_CLI = "node_modules/tsx/dist/cli.mjs";
const WORKSPACE = "ws_acme";
const AREA = "compute";
const QUERY = `/api/billing/usage?workspaceId=${WORKSPACE}&productArea=${AREA}&period=current`;
/** Small batches, so the two workers share the traffic rather than one taking it all. */
const WORKER_ENV = { METERING_BATCH_SIZE: "25", METERING_POLL_MS: "100" };

const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_SECRET: "e2e-multi-secret-e2e-multi-secret-0000",
  METERING_INGEST_TOKEN: INGEST_TOKEN,
  METRICS_TOKEN: "e2e-multi-metrics-token-e2e-multi-metrics",
  NOTIFICATIONS_KEY: "ZTJlLW11bHRpLW5vdGlmaWNhdGlvbnMta2V5LTAwMDA=",
  DATABASE_URL,
  MIGRATION_DATABASE_URL: "",
  NATS_URL: "",
  DEMO_MODE: "",
};

interface Running {
  name: string;
  child: ChildProcess;
  output: string[];
}
const running: Running[] = [];

/** In its own process group, so stopping it also stops what it started (tsx runs node under it). */
function start(name: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const proc = { name, child, output: [] as string[] };
  child.stdout!.on("data", (chunk: Buffer) => proc.output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => proc.output.push(chunk.toString()));
  running.push(proc);
  return proc;
}

async function stop(proc: Running): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.child.once("exit", () => resolve()));
  signalGroup(proc, "SIGTERM");
  const timer = setTimeout(() => signalGroup(proc, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function signalGroup(proc: Running, signal: NodeJS.Signals): void {
  try {
    process.kill(-proc.child.pid!, signal);
  } catch {
    // the group has already exited
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    const exited = running.find((proc) => proc.child.exitCode !== null);
    if (exited) throw new Error(`${exited.name} exited (${exited.child.exitCode}) while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** next-auth's credentials flow over plain HTTP: the session cookie. */
async function signIn(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email: "admin@example.com", password: PASSWORD, json: "true" }),
  });
  await response.text();
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("next-auth.session-token="));
  expect(session, `signing in on ${base}`).toBeTruthy();
  return session!;
}

interface Usage {
  quantity: bigint;
  events: number;
  cache: string | null;
}

/** The area's period total through one app's usage API, in millionths (quantities here have six decimals). */
async function usage(base: string, cookie: string): Promise<Usage> {
  const response = await fetch(`${base}${QUERY}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { totals: { productArea: string; quantity: string; sourceEventCount: number }[] };
  const total = body.totals.find((t) => t.productArea === AREA) ?? { quantity: "0", sourceEventCount: 0 };
  return { quantity: micros(total.quantity), events: total.sourceEventCount, cache: response.headers.get("x-cache") };
}

function micros(decimal: string): bigint {
  const [whole, fraction = ""] = decimal.split(".");
  expect(fraction.replace(/0+$/, "").length).toBeLessThanOrEqual(6);
  return BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6));
}

async function ingest(base: string, events: object[]): Promise<{ accepted: number; duplicates: number; rejected: unknown[] }> {
  const response = await fetch(`${base}/api/metering/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(events),
  });
  expect(response.status).toBe(202);
  return response.json();
}

async function backlog(base: string): Promise<number> {
  const response = await fetch(`${base}/api/metering/status`, { headers: { authorization: `Bearer ${INGEST_TOKEN}` } });
  return ((await response.json()) as { backlog: number }).backlog;
}

test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  await Promise.all(running.splice(0).map(stop));
});

test("an event ingested through one app shows exactly once through the other's cached usage API", async () => {
  test.setTimeout(120_000);
  expect(DATABASE_URL, "scripts/e2e.ts sets E2E_MULTI_DATABASE_URL on PostgreSQL").not.toBe("");
  const apps = APPS.map((base, i) =>
    start(`app ${"AB"[i]}`, [NEXT_CLI, "start", "-p", new URL(base).port], { ...baseEnv, NEXTAUTH_URL: base, METERING_CONSUMER: "off" }),
  );
  const workers = [1, 2].map((n) =>
    start(`worker ${n}`, [TSX_CLI, "--conditions=react-server", "scripts/worker.ts"], { ...baseEnv, ...WORKER_ENV, NEXTAUTH_URL: APPS[0] }),
  );
  try {
    for (const worker of workers)
      await until(`${worker.name} to start`, async () => (worker.output.join("").includes('"started"') ? true : undefined));
    for (const base of APPS) await until(`${base} to serve`, async () => ((await fetch(`${base}/signin`)).ok ? true : undefined), 60_000);
    const [a, b] = APPS as [string, string];
    const [cookieA, cookieB] = [await signIn(a), await signIn(b)];

    // Both caches warm: the second read of the same query is served from each process's memory.
    const before = await usage(a, cookieA);
    await usage(b, cookieB);
    expect((await usage(a, cookieA)).cache).toBe("hit");
    const warm = await usage(b, cookieB);
    expect(warm.cache).toBe("hit");
    expect(warm).toMatchObject({ quantity: before.quantity, events: before.events });

    // One tracked event through A, among traffic through both apps that keeps both workers busy.
    // Now, not a minute ago: in a period's first minute (New York time) that would be the previous
    // period, which `period=current` does not read. The apps share this machine's clock.
    const occurredAt = new Date().toISOString();
    const event = (quantity: string) => ({ id: `multi-${randomUUID()}`, workspaceId: WORKSPACE, productArea: AREA, quantity, occurredAt });
    const tracked = event("1.234567");
    const trafficA = Array.from({ length: 200 }, () => event("0.000001"));
    const trafficB = Array.from({ length: 200 }, () => event("0.000002"));
    const sent = await Promise.all([ingest(a, [tracked, ...trafficA]), ingest(b, trafficB)]);
    expect(sent.map((s) => [s.accepted, s.duplicates, s.rejected.length])).toEqual([
      [201, 0, 0],
      [200, 0, 0],
    ]);
    const expected = { quantity: before.quantity + 1_234_567n + 200n * 1n + 200n * 2n, events: before.events + 401 };

    // B's cached answer moves without B consuming anything: the workers' commits move the
    // workspace's UsageVersion, which B checks before serving its cached report.
    const seen = await until("app B to show the new usage", async () => {
      const now = await usage(b, cookieB);
      return now.events === expected.events ? now : undefined;
    });
    expect(seen).toMatchObject(expected);
    expect(await usage(a, cookieA)).toMatchObject(expected);

    // Nothing is applied twice once both workers have passed over the empty queue a few times.
    await until("the queue to be empty", async () => ((await backlog(a)) === 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await usage(b, cookieB)).toMatchObject({ ...expected, cache: "hit" });

    // The same event id again, through the other app: a duplicate, not counted.
    expect(await ingest(b, [tracked])).toMatchObject({ accepted: 0, duplicates: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await backlog(b)).toBe(0);
    expect(await usage(a, cookieA)).toMatchObject(expected);
    expect(await usage(b, cookieB)).toMatchObject(expected);

    for (const proc of [...apps, ...workers]) expect(proc.child.exitCode, `${proc.name} still running`).toBeNull();
  } catch (error) {
    for (const proc of running) console.log(`--- ${proc.name}\n${proc.output.join("").slice(-3000)}`);
    throw error;
  } finally {
    await Promise.all(running.splice(0).map(stop));
  }
});
