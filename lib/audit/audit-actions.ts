// Every action the audit trail records. No server imports: the audit page names them in the browser.
export const AUDIT_ACTIONS = [
  "billing.usage.viewed",
  "billing.usage.export_started",
  "billing.usage.exported",
  "billing.export.downloaded",
  "billing.exports.viewed",
  "audit.log.download_started",
  "audit.log.downloaded",
  "metering.rejections.viewed",
  "metering.late_adjustments.viewed",
  "billing.prices.viewed",
  "billing.prices.changed",
  "billing.projection.viewed",
  "billing.usage.imported",
  "billing.usage.rebuilt",
  "billing.anomalies.viewed",
  "billing.anomaly.triaged",
  "billing.budget.viewed",
  "billing.budget.changed",
  "billing.budget.removed",
  "billing.notifications.viewed",
  "billing.notifications.changed",
  "rollout.flag.changed",
  "auth.signin.refused",
  "auth.signin.throttled",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
