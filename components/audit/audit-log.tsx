"use client";

import { useState, type FormEvent } from "react";
import { auditEventsSearch, useAuditEvents, type AuditFilters } from "@/components/data/use-audit-events";
import { TableScroll } from "@/components/layout/table-scroll";
import { useDateFormat } from "@/components/layout/date-format";
import { actionName, describeAuditEvent } from "@/lib/audit/audit-descriptions";

const EMPTY: AuditFilters = { action: "", actor: "", from: "", to: "" };

/** A request id, shortened to fit its column; the whole id is one press away, for support tickets. */
function RequestId({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(id).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <span className="request-id">
      <code className="mono" title={id}>
        {id.length > 12 ? `${id.slice(0, 8)}…` : id}
      </code>{" "}
      <button type="button" className="link-button copy-button" onClick={copy} aria-label={`Copy request id ${id}`}>
        {copied ? "Copied" : "Copy"}
      </button>
    </span>
  );
}

export function AuditLog({ workspaceId, actions, timeZone }: { workspaceId: string; actions: string[]; timeZone: string }) {
  const dates = useDateFormat();
  const [draft, setDraft] = useState<AuditFilters>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>(EMPTY);
  const log = useAuditEvents(workspaceId, filters);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
  }
  const field = (key: keyof AuditFilters) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const events = log.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <div className="dashboard">
      <form className="card audit-filters" onSubmit={apply} aria-label="Audit log filters">
        <div>
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" {...field("action")}>
            <option value="">All actions</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {actionName(action)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-actor">Actor e-mail</label>
          <input id="audit-actor" type="text" placeholder="finance@example.com" {...field("actor")} />
        </div>
        <div>
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" type="date" aria-describedby="audit-dates-zone" {...field("from")} />
        </div>
        <div>
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" type="date" aria-describedby="audit-dates-zone" {...field("to")} />
        </div>
        <div className="export-button">
          <button type="submit" className="button">
            Apply filters
          </button>
          <a className="button secondary" href={`/api/audit-events/export?${auditEventsSearch(workspaceId, filters)}`} download>
            Download CSV
          </a>
        </div>
        <p id="audit-dates-zone" className="muted audit-dates-zone">
          Dates and times are in {timeZone}.
        </p>
      </form>

      <section className="card" aria-labelledby="audit-title">
        <h2 id="audit-title">Events, newest first</h2>
        {log.isPending ? (
          <p role="status" className="muted">
            Loading the audit log…
          </p>
        ) : log.isError ? (
          <p role="alert" className="error-text">
            {log.error.message}
          </p>
        ) : events.length === 0 ? (
          <p className="muted">No audit events match these filters.</p>
        ) : (
          <TableScroll label="Audit events">
            <table className="audit-table">
              <caption className="skip-link">Audit events</caption>
              <thead>
                <tr>
                  <th scope="col">When ({timeZone})</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">What</th>
                  <th scope="col">Request</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr key={event.id}>
                    <td data-label="When">{dates.instant(event.occurredAt, timeZone, { seconds: true })}</td>
                    <td data-label="Action">
                      {actionName(event.action)}
                      <span className="mono muted action-code">{event.action}</span>
                    </td>
                    <td data-label="Actor">
                      {event.actorEmail ?? "system"}
                      {event.metadata?.role === "SUPPORT" && <span className="role SUPPORT"> support</span>}
                    </td>
                    <td className="what" data-label="What">
                      {describeAuditEvent(event, dates)}
                    </td>
                    <td className="request-cell" data-label="Request">
                      {event.requestId && <RequestId id={event.requestId} />}
                      {event.clientRequestId && (
                        <span className="muted client-request-id">
                          client: <RequestId id={event.clientRequestId} />
                        </span>
                      )}
                      {event.ip && <span className="muted client-request-id">from {event.ip}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {log.hasNextPage && (
          <button type="button" className="button secondary" onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage}>
            {log.isFetchingNextPage ? "Loading…" : "Load older events"}
          </button>
        )}
      </section>
    </div>
  );
}
