// The alert rules' contract with the on-call: every alert says how bad it is, whose it is and
// where its runbook section is, and that section exists (ops/alerts.yml, docs/runbook.md).
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const RUNBOOK_URL = "https://git.example.invalid/billing-dashboard/blob/main/docs/runbook.md#";

const alertRule = z.object({
  alert: z.string().regex(/^Billing[A-Za-z0-9]+$/),
  expr: z.string().min(1),
  for: z.string().optional(),
  labels: z.object({ severity: z.enum(["page", "ticket"]), owner: z.enum(["billing-platform", "billing-insights"]) }).strict(),
  annotations: z
    .object({ summary: z.string().min(1), description: z.string().min(1), runbook_url: z.string().startsWith(RUNBOOK_URL) })
    .strict(),
});
const rulesFile = z.object({ groups: z.array(z.object({ name: z.string(), rules: z.array(alertRule) })).min(1) });

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

const alerts = rulesFile.parse(load(readFileSync("ops/alerts.yml", "utf8"))).groups.flatMap((group) => group.rules);
const anchors = new Set(
  readFileSync("docs/runbook.md", "utf8")
    .split("\n")
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => anchorOf(line.replace(/^#+ /, ""))),
);

describe("alert rules", () => {
  it("cover the alerts the operations issue asks for, each once", () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      "BillingConsumerLagHigh",
      "BillingExportFailures",
      "BillingHighSeverityAnomalyFlagsGrowing",
      "BillingHttp5xxRateHigh",
      "BillingJobFailing",
      "BillingNotificationDeliveriesFailing",
      "BillingNotificationDeliveryBacklog",
      "BillingProductAreaSilent",
      "BillingRejectedEventRateHigh",
      "BillingUsageApiSlow",
    ]);
  });

  it.each(alerts.map((a) => [a.alert, a] as const))("%s links to its own section of docs/runbook.md", (name, alert) => {
    const anchor = alert.annotations.runbook_url.slice(RUNBOOK_URL.length);
    expect(anchor).toBe(name.toLowerCase());
    expect(anchors).toContain(anchor);
  });

  it("use only metric names of the metrics contract", () => {
    const names = new Set(alerts.flatMap((a) => a.expr.match(/\bbilling_[a-z0-9_]+/g) ?? []));
    for (const name of names) {
      expect(name).toMatch(
        /^billing_(consumer_lag_seconds|consumer_backlog_events|events_(ingested|applied|rejected)_total|http_request_duration_seconds_(bucket|count)|exports_total|anomaly_flags_open|job_runs_total|notification_oldest_pending_seconds|notification_deliveries_total)$/,
      );
    }
  });
});
