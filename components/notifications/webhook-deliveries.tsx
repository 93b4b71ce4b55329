"use client";

import { useDateFormat } from "@/components/layout/date-format";
import { TableScroll } from "@/components/layout/table-scroll";
import type { UseQueryResult } from "@tanstack/react-query";
import { formatDuration, responseOf } from "./delivery-words";
import type { WebhookDeliveries as Deliveries } from "./types";

/** An endpoint's latest attempts, newest first, and the deliveries waiting for their next try. */
export function WebhookDeliveries({
  deliveries,
  timeZone,
  label,
}: {
  deliveries: UseQueryResult<Deliveries, Error>;
  timeZone: string;
  /** Names the table among several endpoints': "Deliveries to https://…". */
  label: string;
}) {
  const dates = useDateFormat();
  if (deliveries.isPending)
    return (
      <p role="status" className="muted">
        Loading deliveries…
      </p>
    );
  if (deliveries.isError)
    return (
      <p role="alert" className="error-text">
        {deliveries.error.message}
      </p>
    );
  const { attempts, pending } = deliveries.data;
  return (
    <div className="webhook-deliveries">
      <h4>Recent deliveries</h4>
      {pending.length > 0 && (
        <ul className="pending-deliveries" data-testid="pending-deliveries">
          {pending.map((p) => (
            <li key={p.deliveryId}>
              <code className="mono">{p.type}</code> waiting:{" "}
              {p.attempts === 0 ? "not tried yet" : `${p.attempts} attempt${p.attempts === 1 ? "" : "s"} so far`}, next try{" "}
              {dates.instant(p.nextAttemptAt, timeZone, { seconds: true })}
            </li>
          ))}
        </ul>
      )}
      {attempts.length === 0 ? (
        <p className="muted">Nothing sent yet.</p>
      ) : (
        <TableScroll label={label}>
          <table className="delivery-table">
            <caption className="skip-link">{label}</caption>
            <thead>
              <tr>
                <th scope="col">When ({timeZone})</th>
                <th scope="col">Event</th>
                <th scope="col">Outcome</th>
                <th scope="col">Response</th>
                <th scope="col" className="numeric">
                  Took
                </th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((attempt) => (
                <tr key={attempt.id} data-testid="delivery-attempt" data-delivery-id={attempt.deliveryId}>
                  <td data-label="When">{dates.instant(attempt.at, timeZone, { seconds: true })}</td>
                  <td data-label="Event">
                    <code className="mono">{attempt.type}</code>
                  </td>
                  <td data-label="Outcome">
                    <span className={`delivery-outcome ${attempt.outcome}`}>
                      {attempt.outcome === "succeeded" ? "Succeeded" : "Failed"}
                    </span>
                  </td>
                  <td data-label="Response" className="delivery-response">
                    {responseOf(attempt)}
                  </td>
                  <td data-label="Took" className="numeric">
                    {formatDuration(attempt.durationMs, dates.locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
