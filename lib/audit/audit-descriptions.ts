// Every audit action in words: a name for the "Action" column and filter, and what the row's target
// and details say for the "What" column. Plain functions with no server imports (the audit page
// renders in the browser); older rows, recorded with fewer details, still get a sentence.
import { KIND_NAMES, STATUS_VERBS } from "@/lib/anomalies/anomaly-words";
import type { DateFormat } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money-format";
import type { AuditAction } from "./audit-actions";

type Fields = Record<string, unknown>;

interface ActionWords {
  name: string;
  /** The sentence for the "What" column; without one, the target's period, export and query. */
  what?: (target: Fields, metadata: Fields, dates: DateFormat) => string;
}

export const AUDIT_DESCRIPTIONS: Record<AuditAction, ActionWords> = {
  "billing.usage.viewed": { name: "Usage viewed" },
  "billing.usage.export_started": { name: "Usage export started" },
  "billing.usage.exported": { name: "Usage exported" },
  "billing.export.downloaded": { name: "Export downloaded again" },
  "billing.exports.viewed": { name: "Export history viewed" },
  "audit.log.download_started": { name: "Audit log download started" },
  "audit.log.downloaded": { name: "Audit log downloaded" },
  "metering.rejections.viewed": { name: "Rejected events viewed" },
  "metering.late_adjustments.viewed": { name: "Late adjustments viewed" },
  "billing.prices.viewed": { name: "Prices viewed" },
  "billing.prices.changed": {
    name: "Prices changed",
    what: (t, _m, dates) =>
      `New prices in ${text(t.currency)} from ${day(t.effectiveFrom, dates)}${t.replaced ? ", replacing the prices set for that day" : ""}`,
  },
  "billing.projection.viewed": { name: "Projection viewed" },
  "billing.rate_card.viewed": { name: "Rate card viewed" },
  "billing.invoice_preview.viewed": { name: "Invoice preview viewed" },
  "billing.usage.imported": {
    name: "Usage history imported",
    what: (t, _m, dates) =>
      `${text(t.rows)} daily rows for ${days(t.from, t.to, dates)}, ${text(t.changed)} changed${t.replace ? ", replacing what was there" : ""}`,
  },
  "billing.usage.rebuilt": {
    name: "Usage rebuilt from events",
    what: (t, _m, dates) => `Rebuilt ${days(t.from, t.to, dates)}: ${text(t.changedRows ?? 0)} daily rows changed`,
  },
  "billing.anomalies.viewed": {
    name: "Anomaly flags viewed",
    what: (t, m) =>
      [typeof m.count === "number" && `${m.count} flag${m.count === 1 ? "" : "s"} listed`, query(t.query)].filter(Boolean).join(" · "),
  },
  "billing.anomaly.triaged": { name: "Anomaly flag triaged", what: (t, m, dates) => triaged(t, m, dates) },
  "billing.budget.viewed": { name: "Budget viewed", what: () => "The budget and this period's spending against it" },
  "billing.budget.changed": {
    name: "Budget set",
    what: (t, m, dates) => {
      const before = m.before as Fields | null | undefined;
      const was = before ? ` (was ${budget({ ...before, currency: t.currency }, dates)})` : " (no budget before)";
      return `Set the budget to ${budget(t, dates)}${was}`;
    },
  },
  "billing.budget.removed": {
    name: "Budget removed",
    what: (_t, m, dates) => (m.before ? `Removed the budget of ${budget(m.before as Fields, dates)}` : "Removed the budget"),
  },
  "billing.webhooks.viewed": {
    name: "Webhook endpoints viewed",
    what: (_t, m) => (typeof m.count === "number" ? `${m.count} endpoint${m.count === 1 ? "" : "s"} listed` : "The webhook endpoints"),
  },
  "billing.webhook.created": {
    name: "Webhook endpoint added",
    what: (t) => `Added the endpoint at ${text(t.host)} for ${list(t.events)}`,
  },
  "billing.webhook.deleted": { name: "Webhook endpoint deleted", what: (t) => `Deleted the endpoint at ${text(t.host)}` },
  "billing.webhook.secret_rotated": {
    name: "Webhook secret rotated",
    what: (t) => `New signing secret for the endpoint at ${text(t.host)}; the previous one signs too for 24 hours`,
  },
  "billing.webhook.enabled": {
    name: "Webhook endpoint enabled",
    what: (t, m) =>
      `Enabled the endpoint at ${text(t.host)}${m.wasDisabled ? ` (disabled: ${text(m.disabledReason)})` : " (it was not disabled)"}`,
  },
  "billing.webhook.tested": {
    name: "Webhook test sent",
    what: (t) => `Sent test event ${text(t.eventId)} to the endpoint at ${text(t.host)}`,
  },
  "billing.webhook.deliveries_viewed": {
    name: "Webhook deliveries viewed",
    what: (t) => `Deliveries to the endpoint at ${text(t.host)}${t.cursor ? " (a later page)" : ""}`,
  },
  "billing.notifications.viewed": {
    name: "Notification e-mail choices viewed",
    what: () => "Who gets notification e-mails, and the digest",
  },
  "billing.notifications.changed": {
    name: "Notification e-mail choices set",
    what: (t, m) => {
      const before = m.before as Fields | null | undefined;
      return `E-mail ${emailChoices(t)}${before ? ` (was ${emailChoices(before)})` : ""}`;
    },
  },
  "rollout.flag.changed": {
    name: "Feature flag changed",
    what: (t) => {
      const workspaces = Array.isArray(t.workspaces) ? ` for ${t.workspaces.join(", ")}` : "";
      return `Feature '${text(t.flag)}': ${text(t.change)}${workspaces}`;
    },
  },
  "auth.signin.refused": { name: "Sign-in refused", what: (t) => `Wrong e-mail or password for ${text(t.email)}` },
  "auth.signin.throttled": {
    name: "Sign-in throttled",
    what: (t, m) => `Too many attempts for ${text(t.email)}; next try in ${text(m.retryAfterSeconds)} s`,
  },
};

/** The action's name; a code this build does not know (a newer server) shows as recorded. */
export function actionName(action: string): string {
  return AUDIT_DESCRIPTIONS[action as AuditAction]?.name ?? action;
}

/** The "What" of one audit row. */
export function describeAuditEvent(event: { action: string; target: unknown; metadata: unknown }, dates: DateFormat): string {
  const target = fields(event.target);
  const what = AUDIT_DESCRIPTIONS[event.action as AuditAction]?.what;
  return what ? what(target, fields(event.metadata), dates) : describeTarget(target, dates);
}

function triaged(t: Fields, m: Fields, dates: DateFormat): string {
  const verb = STATUS_VERBS[t.to as keyof typeof STATUS_VERBS] ?? `Set to ${text(t.to)}`;
  const note = typeof m.note === "string" && m.note ? ` — note: ${m.note}` : "";
  return `${verb} the flag ${flagName(t, dates)}${note}`;
}

/** "'Spike · realtime on Dec 5, 2026'"; rows from before the flag's details were recorded: its id. */
function flagName(t: Fields, dates: DateFormat): string {
  if (typeof t.kind !== "string") return typeof t.anomalyId === "string" ? t.anomalyId.slice(0, 8) : "";
  const what =
    t.kind === "budget"
      ? `Budget ${text(t.threshold)} %`
      : `${KIND_NAMES[t.kind as keyof typeof KIND_NAMES] ?? t.kind} · ${text(t.productArea)}`;
  const when = t.startDate === t.endDate ? day(t.startDate, dates) : days(t.startDate, t.endDate, dates);
  return `'${what} on ${when}'`;
}

function budget(b: Fields, dates: DateFormat): string {
  const amount = typeof b.currency === "string" ? formatMoney(text(b.amount), b.currency, dates.locale) : text(b.amount);
  return Array.isArray(b.thresholds) ? `${amount} (${b.thresholds.join("/")} %)` : amount;
}

/** What a read asked for: the period, the comparison, the export, and its filters. */
function describeTarget(target: Fields, dates: DateFormat): string {
  const period = target.period as { start: string; end: string } | undefined;
  const comparedWith = target.comparedWith as { from: string; to: string } | undefined;
  return [
    period && dates.dayRange(period.start, period.end),
    comparedWith && `compared with ${dates.dayRange(comparedWith.from, comparedWith.to)}`,
    typeof target.exportId === "string" && `export ${target.exportId.slice(0, 8)}`,
    query(target.query),
  ]
    .filter(Boolean)
    .join(" · ");
}

const QUERY_WORDS: Record<string, string> = {
  period: "period",
  from: "from",
  to: "to",
  productArea: "areas",
  groupBy: "by",
  include: "with",
  cursor: "page",
  compare: "compared with",
};

/** Older rows kept the query string as sent; newer ones the validated query, without workspaces. */
function query(value: unknown): string {
  if (typeof value !== "string" && (typeof value !== "object" || value === null)) return "";
  const params = new URLSearchParams(value as string | Record<string, string>);
  params.delete("workspaceId"); // the log's own workspace (or several, already listed)
  params.delete("limit");
  return [...params].map(([key, v]) => `${QUERY_WORDS[key] ?? key}: ${v.replaceAll(",", ", ")}`).join("; ");
}

const fields = (value: unknown): Fields => (value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {});
const text = (value: unknown): string => (value === undefined || value === null ? "?" : String(value));
const list = (value: unknown): string => (Array.isArray(value) ? value.join(", ") : text(value));
const isDay = (value: unknown): value is string => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
const day = (value: unknown, dates: DateFormat) => (isDay(value) ? dates.day(value) : text(value));
const days = (from: unknown, to: unknown, dates: DateFormat) =>
  isDay(from) && isDay(to) ? dates.dayRange(from, to) : `${text(from)} – ${text(to)}`;

/** "admins and finance, with a daily digest", "nobody". */
function emailChoices(choices: Fields): string {
  const who = [choices.emailAdmins && "admins", choices.emailFinance && "finance"].filter(Boolean).join(" and ") || "nobody";
  return `${who}${choices.dailyDigest ? ", with a daily digest" : ", no digest"}`;
}
