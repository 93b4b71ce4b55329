"use client";

import { useId, useRef, useState } from "react";
import { ApiRequestError } from "@/components/data/api-request";
import { EVENT_WHEN } from "./event-examples";
import { SUBSCRIBABLE_EVENTS, type NewWebhookEndpoint, type SubscribableEvent } from "./types";

/** Whether the API's refusal is about the URL (its details name the field): then it is shown beside it. */
export function isAboutUrl(error: Error | null): boolean {
  return (
    error instanceof ApiRequestError &&
    Array.isArray(error.details) &&
    error.details.some((detail: { field?: unknown } | null) => detail?.field === "url")
  );
}

/**
 * A new webhook endpoint: its URL, a description and the events it gets (all of them to begin
 * with). The URL is checked by the API (https, a public address); its refusal is shown under the
 * field, which takes focus again.
 */
export function WebhookEndpointForm({
  pending,
  error,
  onSave,
  onCancel,
}: {
  pending: boolean;
  error: Error | null;
  onSave: (endpoint: NewWebhookEndpoint) => void;
  onCancel: () => void;
}) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<SubscribableEvent[]>([...SUBSCRIBABLE_EVENTS]);
  const [noEvents, setNoEvents] = useState(false);
  const urlInput = useRef<HTMLInputElement>(null);
  const [urlId, urlHelpId, urlErrorId, descriptionId, eventsErrorId] = [useId(), useId(), useId(), useId(), useId()];
  const urlError = error && isAboutUrl(error) ? error.message : null;
  const otherError = error && !urlError ? error.message : null;

  const toggle = (event: SubscribableEvent, on: boolean) => {
    setNoEvents(false);
    setEvents(SUBSCRIBABLE_EVENTS.filter((e) => (e === event ? on : events.includes(e))));
  };
  const submit = () => {
    if (pending) return;
    if (events.length === 0) return setNoEvents(true);
    onSave({ url: url.trim(), events, ...(description.trim() && { description: description.trim() }) });
    urlInput.current?.focus();
  };

  return (
    <form
      className="webhook-form"
      aria-label="Add a webhook endpoint"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label htmlFor={urlId}>Endpoint URL</label>
        <input
          id={urlId}
          ref={urlInput}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          required
          placeholder="https://example.com/webhooks/billing"
          aria-invalid={urlError !== null}
          aria-describedby={urlError ? `${urlErrorId} ${urlHelpId}` : urlHelpId}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          autoFocus
        />
        {urlError && (
          <p id={urlErrorId} className="error-text field-error" role="alert" data-testid="url-error">
            {urlError}
          </p>
        )}
        <p id={urlHelpId} className="muted field-help">
          https only; it must be reachable from the internet, not an address inside this server&apos;s network.
        </p>
      </div>
      <div className="field">
        <label htmlFor={descriptionId}>Description (optional)</label>
        <input id={descriptionId} autoComplete="off" maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <fieldset className="event-choices" aria-describedby={noEvents ? eventsErrorId : undefined}>
        <legend>Events to send</legend>
        {SUBSCRIBABLE_EVENTS.map((event) => (
          <label key={event} className="check">
            <input type="checkbox" checked={events.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
            <span>
              <code className="mono">{event}</code> <span className="muted">{EVENT_WHEN[event]}</span>
            </span>
          </label>
        ))}
        {noEvents && (
          <p id={eventsErrorId} role="alert" className="error-text">
            Choose at least one event.
          </p>
        )}
      </fieldset>
      <div className="triage-actions">
        <button type="submit" className="button small" aria-disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </button>
        <button type="button" className="button secondary small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {otherError && (
        <p role="alert" className="error-text">
          {otherError}
        </p>
      )}
    </form>
  );
}
