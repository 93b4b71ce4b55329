// A few thousand malformed requests, from a fixed seed, across every route handler in app/api:
// anonymous, with a broken session, as each demo account and with the ingest token. None may be
// answered with a 5xx, and every error must carry the standard body.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as unknownPath from "@/app/api/[...path]/route";
import * as auditExport from "@/app/api/audit-events/export/route";
import * as auditEvents from "@/app/api/audit-events/route";
import * as auth from "@/app/api/auth/[...nextauth]/route";
import * as download from "@/app/api/billing/exports/[id]/download/route";
import * as exportsList from "@/app/api/billing/exports/route";
import * as usageExport from "@/app/api/billing/usage/export/route";
import * as usage from "@/app/api/billing/usage/route";
import * as ingest from "@/app/api/metering/events/route";
import * as lateAdjustments from "@/app/api/metering/late-adjustments/route";
import * as rejections from "@/app/api/metering/rejections/route";
import * as status from "@/app/api/metering/status/route";
import * as openapi from "@/app/api/openapi.json/route";
import * as workspaces from "@/app/api/workspaces/route";
import { encodeTimeCursor } from "@/lib/query/time-cursor";
import { backend } from "../support/test-database";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { INGEST_TOKEN } from "../support/metering";
import { sessionCookieFor } from "../support/session";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Partial<Record<string, unknown>>;

interface FuzzedRoute {
  name: string;
  module: RouteModule;
  /** The method it implements, sent most of the time. */
  method: string;
  /** The query parameters it reads. */
  names: string[];
  /** The path, and the params Next would hand the handler for it. */
  at?: (random: Random) => { path: string; params: Record<string, string | string[]> };
}

const USAGE = ["period", "from", "to", "productArea", "groupBy", "include"];
const AUDIT = ["action", "actor", "from", "to", "limit", "cursor"];
const PAGE = ["limit", "cursor"];

/** Every route module in app/api. */
const ROUTES: FuzzedRoute[] = [
  { name: "/api/workspaces", module: workspaces, method: "GET", names: ["search", "permission", "limit"] },
  { name: "/api/billing/usage", module: usage, method: "GET", names: USAGE },
  { name: "/api/billing/usage/export", module: usageExport, method: "GET", names: USAGE },
  { name: "/api/billing/exports", module: exportsList, method: "GET", names: PAGE },
  {
    name: "/api/billing/exports/{id}/download",
    module: download,
    method: "GET",
    names: [],
    at: (r) => {
      const id = r.pick(EXPORT_IDS);
      return { path: `/api/billing/exports/${encodeURIComponent(id)}/download`, params: { id } };
    },
  },
  { name: "/api/audit-events", module: auditEvents, method: "GET", names: AUDIT },
  { name: "/api/audit-events/export", module: auditExport, method: "GET", names: AUDIT },
  { name: "/api/metering/events", module: ingest, method: "POST", names: [] },
  { name: "/api/metering/status", module: status, method: "GET", names: [] },
  { name: "/api/metering/rejections", module: rejections, method: "GET", names: PAGE },
  { name: "/api/metering/late-adjustments", module: lateAdjustments, method: "GET", names: PAGE },
  { name: "/api/openapi.json", module: openapi, method: "GET", names: [] },
  {
    name: "/api/{...path}",
    module: unknownPath,
    method: "GET",
    names: [],
    at: (r) => {
      const path = r.pick([["nothing", "here"], ["a\u0000b"], ["x".repeat(3000)]]);
      return { path: `/api/${path.map(encodeURIComponent).join("/")}`, params: { path } };
    },
  },
  {
    name: "/api/auth/[...nextauth]",
    module: auth as unknown as RouteModule,
    method: "POST",
    names: ["callbackUrl", "csrfToken", "email", "password"],
    at: (r) => {
      const nextauth = r.pick([
        ["callback", "credentials"],
        ["signin", "credentials"],
        ["signout"],
        ["csrf"],
        ["session"],
        ["providers"],
        ["error"],
        ["callback", "nobody"],
        ["\u00ff"],
      ]);
      return { path: `/api/auth/${nextauth.map(encodeURIComponent).join("/")}`, params: { nextauth } };
    },
  },
];

const REQUESTS = 3000;
const SEED = 0x13_2026;

/** mulberry32: small, fast and the same sequence on every machine. */
class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

const EXPORT_IDS = ["00000000-0000-0000-0000-000000000000", "nope", "a\u0000b", "../../etc/passwd", "%FF", "x".repeat(5000), "", "🙂"];
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];
const STRAY_NAMES = ["workspaceId", "x", "", "%FF", "a\u0000", "__proto__", "constructor"];
const WORKSPACE_IDS = [
  "ws_acme",
  "ws_globex",
  "ws_initech",
  "all",
  "ws_acme,ws_globex",
  "ws_unknown",
  "",
  ",",
  " ws_acme ",
  Array.from({ length: 101 }, (_, i) => `ws_${i}`).join(","),
];
const DATES = [
  "2026-11-01",
  "2026-02-30",
  "0000-01-01",
  "9999-12-31",
  "2026-13-01",
  "+275760-09-13",
  "2026-11-22T00:00:00Z",
  "-1",
  "yesterday",
];
const PERIODS = ["current", "previous", "2026-10", "2026-13", "0500-01", "9999-12", "CURRENT"];

function garbage(r: Random): string {
  switch (r.int(14)) {
    case 0:
      return "";
    case 1:
      return "x".repeat(r.pick([256, 4096, 70_000]));
    case 2:
      return "\u0000";
    case 3:
      return "\\";
    case 4:
      return "%_";
    case 5:
      return '\'; DROP TABLE "User"; --';
    case 6:
      return String(r.pick([-1, 0, 1e21, 2 ** 63, Number.NaN, 1.5]));
    case 7:
      return Buffer.from(`${r.pick(DATES)}|${r.pick(["id", "", "\u0000", "a'b"])}`).toString("base64url");
    case 8:
      return encodeTimeCursor(new Date(r.int(2) ? 8.64e15 : Date.now()), r.pick(["00000000-0000-0000-0000-000000000000", "x"]));
    case 9:
      return String(r.int(2) ? "9".repeat(25) : r.int(300));
    case 10:
      return "\uD800"; // a lone surrogate
    case 11:
      return "🙂,🙂,,";
    case 12:
      return r.pick(DATES);
    default:
      return Array.from({ length: r.int(20) }, () => String.fromCharCode(r.int(0x3000))).join("");
  }
}

/** Values a parameter takes, valid or nearly: most requests are a mutation or two away from valid. */
const PLAUSIBLE: Record<string, string[]> = {
  period: PERIODS,
  from: DATES,
  to: DATES,
  productArea: ["compute", "storage,compute", "nope", "compute,,"],
  groupBy: ["day", "productArea,workspace", "nope", ""],
  include: ["workspaces", "totalsByWorkspace", "all"],
  permission: ["usage:view", "audit:view", "root"],
  action: ["billing.usage.viewed", "audit.log.downloaded", "nope"],
  actor: ["admin@example.com", "ADMIN@EXAMPLE.COM", "\\", "%", "_", "a\\", "%admin%"],
  search: ["ac", "ACME", "%", "_", "\\"],
  limit: ["1", "50", "200", "0", "201", "-1", "1.5", "1e3"],
  cursor: ["1", "0", "9223372036854775807", "9223372036854775808"],
};

function value(r: Random, name: string): string {
  const plausible = Object.hasOwn(PLAUSIBLE, name) ? PLAUSIBLE[name] : undefined;
  return plausible && r.chance(0.7) ? r.pick(plausible) : garbage(r);
}

// Some bytes a client can put in a URL that no encoder would: broken and overlong percent-escapes.
const RAW_ESCAPES = ["%FF", "%C3%28", "%E0%80%80", "%", "%G1", "%00", "%2", "%ED%A0%80"];

function queryString(r: Random, names: string[]): string {
  const parts: string[] = [];
  if (r.chance(0.9))
    parts.push(`workspaceId=${encodeURIComponent(r.chance(0.7) ? r.pick(WORKSPACE_IDS.slice(0, 5)) : r.pick(WORKSPACE_IDS))}`);
  const chosen = names.filter(() => r.chance(0.35));
  if (r.chance(0.2)) chosen.push(r.pick(STRAY_NAMES));
  if (chosen.length && r.chance(0.1)) chosen.push(r.pick(chosen)); // repeated
  for (const name of chosen) {
    const raw = r.chance(0.05) ? r.pick(RAW_ESCAPES) : encodeURIComponent(value(r, name).replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
    parts.push(`${encodeURIComponent(name)}=${raw}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

const CONTENT_TYPES = [
  "application/json",
  "application/x-ndjson",
  "text/plain",
  "",
  "application/json; charset=latin1",
  "multipart/form-data; boundary=x",
  "application/ndjson",
  "APPLICATION/JSON",
];

function body(r: Random): string {
  const event = () => ({
    id: r.chance(0.8) ? `fuzz-${r.int(1e9)}` : garbage(r),
    workspaceId: r.pick(["ws_acme", "ws_unknown", garbage(r)]),
    productArea: r.pick(["compute", "storage", garbage(r)]),
    quantity: r.pick(["1", "-1", "1e309", 1e21, garbage(r)]),
    occurredAt: r.pick([new Date().toISOString(), garbage(r)]),
  });
  switch (r.int(8)) {
    case 0:
      return JSON.stringify(Array.from({ length: r.int(5) }, event));
    case 1:
      return Array.from({ length: r.int(5) }, () => (r.chance(0.7) ? JSON.stringify(event()) : garbage(r))).join("\n");
    case 2:
      return garbage(r);
    case 3:
      return `${"[".repeat(5000)}${"]".repeat(5000)}`;
    case 4:
      return JSON.stringify({ not: "an array" });
    case 5:
      return "\u0000\u0001\u0002";
    case 6:
      return JSON.stringify(Array.from({ length: 1001 }, () => ({})));
    default:
      return "";
  }
}

const problems: string[] = [];
const stats = new Map<string, number>();
let cookies: Record<string, string>;

beforeAll(async () => {
  await seedDemoData();
  cookies = Object.fromEntries(await Promise.all(Object.values(ACCOUNTS).map(async (email) => [email, await sessionCookieFor(email)])));
});

async function fuzzOne(r: Random, n: number): Promise<void> {
  const route = r.pick(ROUTES);
  const sent = r.chance(0.7) ? route.method : r.pick(METHODS);
  // TRACE reaches the handlers as OPTIONS, marked (lib/api/http-entry.ts).
  const method = sent === "TRACE" ? "OPTIONS" : sent;
  const headers: Record<string, string> = {};
  const who = r.int(10);
  if (who < 7) headers.cookie = cookies[r.chance(0.4) ? ACCOUNTS.admin : r.pick(Object.values(ACCOUNTS))]!;
  else if (who === 5) headers.cookie = `next-auth.session-token=${garbage(r).replace(/[^\x21-\x7e]/g, "")}`;
  if (r.chance(0.3)) headers.authorization = r.pick([`Bearer ${INGEST_TOKEN}`, "Bearer", "Basic x", `Bearer ${INGEST_TOKEN}x`]);
  if (sent === "TRACE") headers["x-billing-original-method"] = "TRACE";
  if (r.chance(0.2)) headers["x-request-id"] = r.pick(["short", "a".repeat(200), "ok-request-id-1", "bad id!"]);
  if (r.chance(0.1)) headers["if-none-match"] = r.pick(['"x"', "*", 'W/"1"', "x".repeat(5000)]);
  if (r.chance(0.1)) headers["sec-fetch-site"] = r.pick(["cross-site", "same-origin", "none"]);
  if (r.chance(0.1)) headers["x-forwarded-for"] = r.pick(["6.6.6.6", "<script>", "1.1.1.1, 2.2.2.2", ""]);
  const hasBody = !["GET", "HEAD"].includes(method) && r.chance(0.8);
  if (hasBody) headers["content-type"] = r.pick(CONTENT_TYPES);
  const at = route.at?.(r) ?? { path: route.name, params: {} };
  const url = `http://localhost:3000${at.path}${queryString(r, route.names)}`;
  const label = `#${n} ${sent} ${url.slice(0, 200)} ${JSON.stringify(Object.keys(headers))}`;
  let request: NextRequest;
  try {
    request = new NextRequest(url, { method, headers, body: hasBody ? body(r) : undefined });
  } catch {
    return; // not a request any client can send (Next's server would never build it)
  }
  const handler = route.module[method] as Handler | undefined;
  if (!handler) {
    problems.push(`${label}: no ${method} export`);
    return;
  }
  try {
    const response = await handler(request, { params: Promise.resolve(at.params) });
    const key = `${route.name} ${response.status}`;
    stats.set(key, (stats.get(key) ?? 0) + 1);
    if (response.status >= 500) problems.push(`${label}: ${response.status} ${(await response.text()).slice(0, 200)}`);
    else if (response.status >= 400) {
      const type = response.headers.get("content-type") ?? "";
      const parsed = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
      if (!type.startsWith("application/json") || typeof parsed?.error?.code !== "string" || typeof parsed.error.message !== "string") {
        problems.push(`${label}: ${response.status} without the standard error body (${type})`);
      }
    } else await response.arrayBuffer();
  } catch (error) {
    problems.push(`${label}: threw ${String(error).slice(0, 200)}`);
  }
}

describe(`fuzzing every API route on ${backend}`, () => {
  it(`answers ${REQUESTS} malformed requests without a 5xx, every error in the standard shape`, { timeout: 120_000 }, async () => {
    const random = new Random(SEED);
    // A few at once, as a server would see them (and the audit writer groups them).
    for (let n = 0; n < REQUESTS; n += 8) {
      await Promise.all(Array.from({ length: Math.min(8, REQUESTS - n) }, (_, i) => fuzzOne(random, n + i)));
    }
    if (process.env.FUZZ_STATS)
      console.log(
        [...stats]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join("\n"),
      );
    expect(problems).toEqual([]);
  });
});
