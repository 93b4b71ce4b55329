// Every action the code base records reads as words on the audit page, and triage and budget rows
// say what happened to what.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/audit/audit-actions";
import { actionName, AUDIT_DESCRIPTIONS, describeAuditEvent } from "@/lib/audit/audit-descriptions";
import { dateFormat } from "@/lib/format/dates";

const ROOT = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(full).isDirectory() ? sources(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Action codes as the code writes them: `action: "…"`, `auditRequest(access, "…"`, `audit("…"`. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  const patterns = [/action:\s*"([a-z_.]+)"/g, /auditRequest\(\s*\w+,\s*"([a-z_.]+)"/g, /\baudit\(\s*"([a-z_.]+)"/g];
  for (const file of ["lib", "app", "scripts"].flatMap((dir) => sources(path.join(ROOT, dir)))) {
    const text = readFileSync(file, "utf8");
    for (const pattern of patterns) for (const [, code] of text.matchAll(pattern)) found.add(code!);
  }
  return found;
}

const dates = dateFormat("en-US");

describe("audit action descriptions", () => {
  it("names every action the code records, in words rather than its code", () => {
    const recorded = recordedActions();
    expect(recorded.size).toBeGreaterThan(15);
    for (const code of recorded) {
      expect(AUDIT_ACTIONS, `${code} is recorded but not in AUDIT_ACTIONS`).toContain(code);
      expect(actionName(code), `${code} has no readable name`).not.toBe(code);
    }
    for (const code of AUDIT_ACTIONS) expect(AUDIT_DESCRIPTIONS[code]?.name).toMatch(/^[A-Z][a-z -]+$/);
  });

  it("says which flag was triaged, to what, and the note", () => {
    const event = {
      action: "billing.anomaly.triaged",
      target: {
        anomalyId: "ckflag000001",
        kind: "spike",
        productArea: "realtime",
        startDate: "2026-12-05",
        endDate: "2026-12-05",
        from: "open",
        to: "acknowledged",
      },
      metadata: { note: "checking the importer" },
    };
    expect(describeAuditEvent(event, dates)).toBe("Acknowledged the flag 'Spike · realtime on Dec 5, 2026' — note: checking the importer");
    const budget = {
      ...event,
      target: { ...event.target, kind: "budget", productArea: null, threshold: 75, endDate: "2026-12-05", to: "dismissed" },
    };
    expect(describeAuditEvent({ ...budget, metadata: { note: null } }, dates)).toBe("Dismissed the flag 'Budget 75 % on Dec 5, 2026'");
    // Rows recorded before the flag's details were: its id.
    expect(describeAuditEvent({ ...event, target: { anomalyId: "ckflag000001", to: "resolved" }, metadata: {} }, dates)).toBe(
      "Resolved the flag ckflag00",
    );
  });

  it("says what a budget was set to and what it was, and what was removed, in the workspace's money", () => {
    const set = {
      action: "billing.budget.changed",
      target: { amount: "40000", currency: "USD", thresholds: [50, 75, 100] },
      metadata: { before: { amount: "30000.5", thresholds: [80, 100] } },
    };
    expect(describeAuditEvent(set, dates)).toBe("Set the budget to $40,000.00 (50/75/100 %) (was $30,000.50 (80/100 %))");
    expect(describeAuditEvent({ ...set, metadata: { before: null } }, dates)).toBe(
      "Set the budget to $40,000.00 (50/75/100 %) (no budget before)",
    );
    expect(describeAuditEvent({ ...set, target: { ...set.target, currency: "EUR" } }, dateFormat("de-DE"))).toMatch(/40\.000,00\s€/);
    const removed = {
      action: "billing.budget.removed",
      target: {},
      metadata: { before: { amount: "100", currency: "USD", thresholds: [100] } },
    };
    expect(describeAuditEvent(removed, dates)).toBe("Removed the budget of $100.00 (100 %)");
    expect(describeAuditEvent({ action: "billing.budget.viewed", target: {}, metadata: null }, dates)).not.toBe("");
  });

  it("gives every action a non-empty What for the details it records, and keeps describing reads by their period", () => {
    expect(
      describeAuditEvent(
        { action: "billing.anomalies.viewed", target: { query: { status: "open,acknowledged", limit: "50" } }, metadata: { count: 3 } },
        dates,
      ),
    ).toBe("3 flags listed · status: open, acknowledged");
    expect(
      describeAuditEvent(
        { action: "billing.usage.viewed", target: { period: { start: "2026-12-01", end: "2026-12-31" } }, metadata: null },
        dates,
      ),
    ).toBe("Dec 1 – 31, 2026");
    expect(
      describeAuditEvent(
        { action: "rollout.flag.changed", target: { flag: "billing-dashboard", change: "allow", workspaces: ["acme"] }, metadata: {} },
        dates,
      ),
    ).toBe("Feature 'billing-dashboard': allow for acme");
    expect(actionName("some.future.action")).toBe("some.future.action");
  });
});
