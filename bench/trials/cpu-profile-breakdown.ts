// Where a bench:api scenario's server CPU goes, per request: sums the V8 samples of the server's
// .cpuprofile inside each scenario's measured window (cpu-prof/windows.json, written by
// `bench:api --cpu-prof`) and divides by the requests counted in it.
//
//   npx tsx bench/trials/cpu-profile-breakdown.ts /tmp/bench-api-XXXX/cpu-prof [--top N]
//
// Two tables per scenario:
// - by part: the innermost frame on the stack that belongs to a known part of the request (the
//   proxy, the session, the access check, the cache, the audit row, the log line …); samples with
//   no such frame fall to the module their leaf frame is in (Next, the pg driver, Node's streams).
//   Work resumed from the event loop (a statement's answer being parsed, the body being piped to
//   the socket) carries no application frame, so it lands under its module.
// - the top self-time functions.
// Function names are only meaningful on a build made with `next build --no-mangling`.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Window {
  key: string;
  fromUs: number;
  toUs: number;
  requests: number;
}

// Work that is not the request's own, recognised anywhere on the stack (outermost first): the
// background ingest the bench runs into the same server (the inline consumer applies it and the
// anomaly pass looks at the workspaces it touched), and a report computed on a cache miss.
const WHOLE_STACK: [RegExp, string][] = [
  [
    /^ingestEvents$|^readIngestBody$|^requireProducer$|^applyBatch$|^applyNextBatch$|^drainQueue$|^applyFirstOrSetAside$|^startConsumer$/,
    "background: ingest + inline consumer",
  ],
  [/^runIncrementalPass$|^runFullPass$|^scanOne$|^detectWorkspace$|^unsafeScanCandidates$/, "background: anomaly pass"],
  [
    /^computeUsageReport$|^withMoney$|^computeUsageTotals$|^grouped$|^toRow$|^dailyAmounts$|^amountsFromRunningSums$|^periodTotals$|^priceBooksInEffect$|^costOfUsage$|^scopedRanges$/,
    "cache miss: report computed",
  ],
];

// Otherwise the innermost match wins: order does not matter, the stack does.
const PARTS: [RegExp, string][] = [
  [/^proxy$|^refusalOf$|^withSecurityHeaders$|^middleware/, "proxy (security headers)"],
  [/^requireActor$|^sessionFromCookies$|^rememberedDecode$|^findSessionActor$|^sessionIsCurrentSql$/, "session + actor statement"],
  [/^checkAccess$|^checkedAccess$|^requireWorkspacePermission$|^refuseOwnHidden$|^hiddenWorkspaceIds$|^flagState$/, "access check"],
  [/^parseWith$|^queryObject$|^refuseNul$|^refuseRepeated$/, "query validation"],
  [/^versionsAndWatermark$/, "stamp + watermark statement"],
  [/^getUsage$|^cacheKey$|^scopeShape$|^cachedOrCompute$|^cachedReport$/, "cache lookup, ETag, body splice"],
  [/^viewUsage$|^comparisonWindows$|^auditedUsageQuery$/, "viewUsage"],
  [/^auditRequest$|^recordAuditEvents$|^insertStatement$|^auditEventData$|^auditWriter$/, "audit row"],
  [/^observeRoute$|^logRequest$|^httpRequest$|^noteWorkspaces$|^noteActor$|^noteRequestIds$/, "request log + metrics"],
  [/^errorResponse$|^answerRequest$/, "error/answer wrapper"],
  [/^requestContext$|^requestContextFrom$/, "request context (id, address)"],
  [/^prepareRequest$|^logPageResponse$/, "HTTP entry hook"],
];

function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)") return "(idle)";
  if (functionName === "(program)") return "(program: V8/native, unattributed)";
  if (functionName === "(root)") return "(root)";
  if (url === "") return `native: ${functionName || "(anonymous)"}`;
  if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-)/.test(url)) return "pg driver";
  if (/node_modules\/next\/dist\/compiled\/next-server|node_modules\/next\//.test(url)) return "Next";
  if (/node_modules\/(pino|prom-client)/.test(url)) return "log + metrics libraries";
  if (/node_modules\/@prisma|node_modules\/\.prisma|generated\/client|query_compiler/.test(url)) return "Prisma";
  if (/node_modules\/(zod)/.test(url)) return "zod";
  if (/node_modules\/next-auth|node_modules\/jose/.test(url)) return "next-auth";
  if (/^node:internal\/deps\/undici|undici/.test(url)) return "undici (Request/Response/streams)";
  if (/^node:internal\/webstreams|^node:internal\/streams|^node:stream/.test(url)) return "Node streams";
  if (/^node:(_http|http|internal\/http)/.test(url)) return "Node http";
  if (/^node:(net|internal\/stream_base|internal\/net|internal\/tcp)/.test(url)) return "Node net";
  if (/^node:/.test(url)) return `Node ${url.replace(/^node:(internal\/)?/, "")}`;
  if (/\.next[^/]*\/server\/chunks|\.next[^/]*\/server\/app/.test(url)) return "app bundle (other)";
  if (/node_modules\/([^/]+)/.test(url)) return `node_modules/${/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)![1]}`;
  return "other";
}

// The parts above, in fewer groups (the summary table).
function groupOf(label: string): string {
  if (label.startsWith("background") || label === "(no app frame) Prisma")
    return "background work (ingest, consumer, anomaly pass; Prisma is only theirs)";
  if (label.startsWith("cache miss")) return "cache misses (report computed)";
  if (!label.startsWith("(no app frame)")) return "the request's own code (app frames)";
  const rest = label.slice("(no app frame) ".length);
  if (rest === "GC") return "garbage collection";
  if (/^native: (writev|writeBuffer|writeUtf8String|writeLatin1String|writeString|utf8Write|shutdown|close)$/.test(rest))
    return "socket writes (system calls)";
  if (rest === "pg driver" || rest === "native: parse" || rest === "native: utf8Slice") return "pg driver and parsing";
  if (rest === "Next") return "Next";
  if (rest.startsWith("Node") || rest.startsWith("undici") || rest === "native: runMicrotasks")
    return "Node runtime (http, streams, undici, async hooks, microtasks)";
  return "other (app bundle outside a known part, native, unattributed)";
}

function main() {
  const dir = process.argv[2];
  const top = Number(process.argv[process.argv.indexOf("--top") + 1] || 25) || 25;
  if (!dir) throw new Error("usage: npx tsx bench/trials/cpu-profile-breakdown.ts <cpu-prof dir> [--top N]");
  const windows = JSON.parse(readFileSync(path.join(dir, "windows.json"), "utf8")) as Window[];
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => ({ file: f, profile: JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Profile }));
  for (const window of windows) {
    // The server's profile is the one busy in the window (next start may run more than one process).
    let best: {
      file: string;
      byNode: Map<number, number>;
      busyUs: number;
      nodes: Map<number, ProfileNode>;
      parent: Map<number, number>;
    } | null = null;
    for (const { file, profile } of profiles) {
      const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const byNode = new Map<number, number>();
      let t = profile.startTime;
      let busyUs = 0;
      for (let i = 0; i < profile.samples.length; i++) {
        t += profile.timeDeltas[i]!;
        if (t < window.fromUs || t > window.toUs) continue;
        // A sample stands for the time until the next one.
        const dt = profile.timeDeltas[i + 1] ?? 0;
        const id = profile.samples[i]!;
        byNode.set(id, (byNode.get(id) ?? 0) + dt);
        if (nodes.get(id)!.callFrame.functionName !== "(idle)") busyUs += dt;
      }
      if (!best || busyUs > best.busyUs) best = { file, byNode, busyUs, nodes, parent };
    }
    if (!best || best.busyUs === 0) {
      console.log(`${window.key}: no samples in its window (clocks differ?)`);
      continue;
    }
    const perRequest = (us: number) => us / 1000 / window.requests;
    const parts = new Map<string, number>();
    const selfByFunction = new Map<string, number>();
    for (const [id, us] of best.byNode) {
      const leaf = best.nodes.get(id)!;
      if (leaf.callFrame.functionName === "(idle)") continue;
      const stack: string[] = [];
      for (let n: number | undefined = id; n !== undefined; n = best.parent.get(n)) stack.push(best.nodes.get(n)!.callFrame.functionName);
      let part = WHOLE_STACK.find(([pattern]) => stack.some((name) => pattern.test(name)))?.[1];
      for (let n: number | undefined = id; n !== undefined && !part; n = best.parent.get(n)) {
        const name = best.nodes.get(n)!.callFrame.functionName;
        part = PARTS.find(([pattern]) => pattern.test(name))?.[1];
      }
      const label = part ?? `(no app frame) ${moduleOf(leaf.callFrame)}`;
      parts.set(label, (parts.get(label) ?? 0) + us);
      const f = leaf.callFrame;
      const fn = `${f.functionName || "(anonymous)"}  ${moduleOf(f)}${f.url ? ` ${path.basename(f.url)}:${f.lineNumber + 1}` : ""}`;
      selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + us);
    }
    console.log(
      `\n== ${window.key}: ${window.requests} requests in ${((window.toUs - window.fromUs) / 1e6).toFixed(1)} s; ` +
        `server busy ${perRequest(best.busyUs).toFixed(3)} ms per request (main thread samples, ${best.file})`,
    );
    const groups = new Map<string, number>();
    for (const [label, us] of parts) groups.set(groupOf(label), (groups.get(groupOf(label)) ?? 0) + us);
    console.log("  summary                                                                 ms/request   share");
    for (const [label, us] of [...groups].sort((a, b) => b[1] - a[1])) {
      console.log(
        `  ${label.padEnd(70)} ${perRequest(us).toFixed(3).padStart(9)}   ${((100 * us) / best.busyUs).toFixed(1).padStart(5)} %`,
      );
    }
    console.log("  by part (innermost known frame on the stack)           ms/request   share");
    for (const [label, us] of [...parts].sort((a, b) => b[1] - a[1])) {
      console.log(
        `  ${label.padEnd(54)} ${perRequest(us).toFixed(3).padStart(9)}   ${((100 * us) / best.busyUs).toFixed(1).padStart(5)} %`,
      );
    }
    console.log(`  top ${top} functions by self time                         ms/request`);
    for (const [fn, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${perRequest(us).toFixed(3).padStart(7)}  ${fn}`);
    }
  }
}

main();
