// What a notification e-mail says: a subject, a plain-text body and the same in simple HTML, built
// from the prepared event (the flag as the API shows it) in the workspace's locale and time zone.
// Pure: the send step gathers the facts, this only words them. Every value is escaped in the HTML.
import type { AnomalyView } from "@/lib/anomalies/anomaly-response";
import { KIND_NAMES, STATUS_NAMES } from "@/lib/anomalies/anomaly-words";
import { formatDecimal, formatExact } from "@/lib/format/decimal-format";
import { dateFormat, type DateFormat } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money-format";
import type { NotificationPayload } from "../event-types";

export interface EmailWorkspace {
  id: string;
  name: string;
  locale: string;
  timeZone: string;
}

/** Product areas' names and units, by key. */
export type AreaNames = ReadonlyMap<string, { displayName: string; unit: string }>;

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

/** One alert of a digest: the event's body, and whether it was e-mailed on its own already. */
export interface DigestItem {
  payload: NotificationPayload;
  sentAtOnce: boolean;
}

interface Block {
  title: string;
  facts: [label: string, value: string][];
  link: string;
}

interface Letter {
  subject: string;
  intro: string;
  blocks: Block[];
  footer: string;
}

interface Words {
  workspace: EmailWorkspace;
  areas: AreaNames;
  dates: DateFormat;
}

const anomalyOf = (payload: NotificationPayload) => payload.data.anomaly as AnomalyView;
const linkOf = (payload: NotificationPayload) => String(payload.data.dashboardUrl);

/** The e-mail one event sends at once (a high-severity flag opening, a budget crossing). */
export function immediateEmail(payload: NotificationPayload, workspace: EmailWorkspace, areas: AreaNames): ComposedEmail {
  const words: Words = { workspace, areas, dates: dateFormat(workspace.locale) };
  const block = eventBlock(payload, words);
  return render({
    subject: `[${workspace.name}] ${block.title}`,
    intro: `${workspace.name}: ${block.title}.`,
    blocks: [{ ...block, title: "" }],
    footer: footer(workspace),
  });
}

/** The digest of one of the workspace's days: every alert of that day, oldest first. */
export function digestEmail(day: string, items: readonly DigestItem[], workspace: EmailWorkspace, areas: AreaNames): ComposedEmail {
  const words: Words = { workspace, areas, dates: dateFormat(workspace.locale) };
  const count = `${items.length} alert${items.length === 1 ? "" : "s"}`;
  return render({
    subject: `[${workspace.name}] Daily alert digest for ${words.dates.dayShort(day)}`,
    intro: `${workspace.name}: ${count} on ${words.dates.day(day)} (${workspace.timeZone}).`,
    blocks: items.map(({ payload, sentAtOnce }) => {
      const block = eventBlock(payload, words);
      return { ...block, title: sentAtOnce ? `${block.title} (e-mailed at once)` : block.title };
    }),
    footer: footer(workspace),
  });
}

function eventBlock(payload: NotificationPayload, words: Words): Block {
  const anomaly = anomalyOf(payload);
  const at: [string, string] = [
    payload.type === "anomaly.resolved" ? STATUS_NAMES[anomaly.status] : "Raised",
    words.dates.instant(payload.timestamp, words.workspace.timeZone, { named: true }),
  ];
  if (payload.type === "budget.crossed") {
    return { title: budgetHeadline(anomaly, words.dates), facts: [...budgetFacts(anomaly, words.dates), at], link: linkOf(payload) };
  }
  const title = payload.type === "anomaly.resolved" ? resolvedHeadline(anomaly, words) : anomalyHeadline(anomaly, words);
  const note = (payload.data.change as { note?: string | null } | undefined)?.note;
  return {
    title,
    facts: [...seriesFacts(anomaly, words), at, ...(note ? [["Note", note] as [string, string]] : [])],
    link: linkOf(payload),
  };
}

const areaName = (anomaly: AnomalyView, { areas }: Words) =>
  anomaly.productArea ? (areas.get(anomaly.productArea)?.displayName ?? anomaly.productArea) : "the whole invoice";

const severityName = (severity: string) => severity.charAt(0).toUpperCase() + severity.slice(1);

/** "High spike in Compute: +$1,234.00 on the invoice" */
export function anomalyHeadline(anomaly: AnomalyView, words: Words): string {
  const what = `${severityName(anomaly.severity)} ${KIND_NAMES[anomaly.kind].toLowerCase()} in ${areaName(anomaly, words)}`;
  const impact = impactOf(anomaly, words.workspace.locale);
  return impact ? `${what}: ${impact} on the invoice` : `${what} on ${words.dates.dayShort(anomaly.startDate)}`;
}

/** "Dismissed: spike in Compute on Dec 5" */
function resolvedHeadline(anomaly: AnomalyView, words: Words): string {
  return `${STATUS_NAMES[anomaly.status]}: ${KIND_NAMES[anomaly.kind].toLowerCase()} in ${areaName(anomaly, words)} on ${words.dates.dayShort(anomaly.startDate)}`;
}

/** "Budget 75 % crossed by the projection (at this pace, 75 % on Dec 23)" */
export function budgetHeadline(anomaly: AnomalyView, dates: DateFormat): string {
  const threshold = anomaly.budget?.threshold ?? anomaly.threshold;
  const crossedBy = anomaly.budget?.crossedBy;
  const figure = crossedBy === "projection" ? "the projection" : crossedBy === "to_date" ? "the cost so far" : "the period's cost";
  const reachesOn = crossedBy === "projection" ? anomaly.budget?.reachesOn : null;
  return `Budget ${threshold} % crossed by ${figure}${reachesOn ? ` (at this pace, ${threshold} % on ${dates.dayShort(reachesOn)})` : ""}`;
}

/** Signed, as the dashboard shows it: a drop takes money off the invoice. */
function impactOf(anomaly: AnomalyView, locale: string): string | null {
  if (anomaly.impactAmount === null || anomaly.currency === null) return null;
  const amount = formatMoney(anomaly.impactAmount.replace(/^-/, ""), anomaly.currency, locale);
  return anomaly.impactAmount.startsWith("-") ? `−${amount}` : `+${amount}`;
}

function seriesFacts(anomaly: AnomalyView, words: Words): [string, string][] {
  const unit = anomaly.productArea ? (words.areas.get(anomaly.productArea)?.unit ?? "") : "";
  const { dates } = words;
  const days = anomaly.startDate === anomaly.endDate ? dates.day(anomaly.startDate) : dates.dayRange(anomaly.startDate, anomaly.endDate);
  return [
    ["Days", days],
    ["Expected", `≈ ${formatDecimal(anomaly.expected, 1)} ${unit}`.trim()],
    ["Observed", `${formatExact(anomaly.observed)} ${unit}`.trim()],
    ["Cost impact", impactOf(anomaly, words.workspace.locale) ?? "no price"],
  ];
}

function budgetFacts(anomaly: AnomalyView, dates: DateFormat): [string, string][] {
  const money = (amount: string) => (anomaly.currency ? formatMoney(amount, anomaly.currency, dates.locale) : amount);
  const budget = anomaly.budget;
  const threshold = budget ? `${budget.threshold} % of ${money(budget.amount)} = ${money(anomaly.expected)}` : money(anomaly.expected);
  const figure = budget?.crossedBy === "projection" ? "Projected whole invoice" : "Cost so far, whole invoice";
  return [
    ["Threshold", threshold],
    [figure, money(anomaly.observed)],
    ...(budget?.crossedOn ? [["Crossed on", dates.day(budget.crossedOn)] as [string, string]] : []),
    ...(budget?.crossedBy === "projection" && budget.reachesOn
      ? [["At this pace", `${budget.threshold} % on ${dates.day(budget.reachesOn)}`] as [string, string]]
      : []),
  ];
}

function footer(workspace: EmailWorkspace): string {
  return (
    `You get this e-mail because ${workspace.name} sends its billing alerts to its admins, or to its finance members too. ` +
    `Its admins change who gets them, and the daily digest, in the workspace's e-mail notification settings ` +
    `(PUT /api/billing/notifications/email?workspaceId=${workspace.id}).`
  );
}

function render(letter: Letter): ComposedEmail {
  const text = [
    letter.intro,
    ...letter.blocks.map((block) =>
      [
        ...(block.title ? [block.title] : []),
        ...block.facts.map(([label, value]) => `${label}: ${value}`),
        `Open the dashboard: ${block.link}`,
      ].join("\n"),
    ),
    `-- \n${letter.footer}`,
  ].join("\n\n");
  const html = [
    `<!doctype html><html><body style="font-family: sans-serif">`,
    `<p>${escapeHtml(letter.intro)}</p>`,
    ...letter.blocks.map(
      (block) =>
        `<div style="margin: 1em 0">` +
        (block.title ? `<p><strong>${escapeHtml(block.title)}</strong></p>` : "") +
        `<table>${block.facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join("")}</table>` +
        `<p><a href="${escapeHtml(block.link)}">Open the dashboard</a></p></div>`,
    ),
    `<hr><p style="color: #666; font-size: smaller">${escapeHtml(letter.footer)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { subject: letter.subject.replace(/[\r\n]+/g, " "), text: `${text}\n`, html };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}
