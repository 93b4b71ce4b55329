// Trial: resolving the current period for 2,000 workspaces in 16 time zones, once per workspace
// (resolveRange) and once per billing cycle (rangeResolver, as the usage API does).
//   npx tsx bench/trials/resolve-ranges.ts
import { rangeResolver, resolveRange } from "@/lib/periods/resolve-range";
import type { UsageRange } from "@/lib/usage/usage-query";

const ZONES = [
  "UTC",
  "Europe/Paris",
  "America/New_York",
  "Asia/Tokyo",
  "Australia/Sydney",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Europe/London",
  "America/Sao_Paulo",
  "Africa/Cairo",
  "Asia/Singapore",
  "Pacific/Auckland",
  "America/Chicago",
  "Europe/Berlin",
  "Asia/Dubai",
  "America/Denver",
];
const workspaces = Array.from({ length: 2000 }, (_, i) => ({ timeZone: ZONES[i % ZONES.length]!, billingAnchorDay: (i % 28) + 1 }));
const range: UsageRange = { kind: "period", period: "current" };

function time(label: string, run: () => void) {
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    run();
    console.log(`${label}: ${(performance.now() - start).toFixed(1)} ms for 2,000 workspaces`);
  }
}
time("resolveRange per workspace", () => workspaces.forEach((w) => resolveRange(w, range, new Date(), 48)));
time("rangeResolver per cycle", () => {
  const resolve = rangeResolver(range, new Date(), 48);
  workspaces.forEach((w) => resolve(w));
});
