"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useEnableWebhook, useRotateWebhookSecret, useSendTestWebhook, useWebhookDeliveries } from "@/components/data/use-webhooks";
import { useDateFormat } from "@/components/layout/date-format";
import { testOutcome } from "./delivery-words";
import { SecretReveal } from "./secret-reveal";
import type { DeliveryAttempt, WebhookEndpoint } from "./types";
import { WebhookDeliveries } from "./webhook-deliveries";

/** How long a test is awaited before the page stops polling for it every second. */
const TEST_PATIENCE_MS = 30_000;

interface AwaitedTest {
  deliveryId: string;
  attempt: DeliveryAttempt | null;
  timedOut: boolean;
}

export interface Revealed {
  endpointId: string;
  secret: string;
  rotated: boolean;
}

/**
 * One endpoint: where it points, what it gets, whether it is disabled and why, its deliveries, and
 * for admins its controls. A test is polled for until its attempt appears, whose outcome is then
 * announced; deleting asks first.
 */
export function WebhookEndpointItem({
  endpoint,
  workspaceId,
  canManage,
  timeZone,
  revealed,
  onReveal,
  onDelete,
  deleting,
  deleteError,
}: {
  endpoint: WebhookEndpoint;
  workspaceId: string;
  canManage: boolean;
  timeZone: string;
  /** The secret the API just gave for this endpoint, shown once. */
  revealed: Revealed | null;
  onReveal: (revealed: Revealed | null) => void;
  /** Deleting is the list's: the item goes away with it. */
  onDelete: (endpoint: WebhookEndpoint) => void;
  deleting: boolean;
  deleteError: string | null;
}) {
  const dates = useDateFormat();
  const [test, setTest] = useState<AwaitedTest | null>(null);
  const [outcome, setOutcome] = useState("");
  const [confirming, setConfirming] = useState(false);
  const awaiting = test !== null && test.attempt === null && !test.timedOut;
  const deliveries = useWebhookDeliveries(endpoint.id, { fast: awaiting });
  const sendTest = useSendTestWebhook();
  const rotate = useRotateWebhookSecret(workspaceId);
  const enable = useEnableWebhook(workspaceId);
  const testButton = useRef<HTMLButtonElement>(null);
  const rotateButton = useRef<HTMLButtonElement>(null);
  const controls = useRef<HTMLDivElement>(null);
  // After the controls come back (the secret stored, a delete declined): Send test, or Enable.
  const focusControls = () => requestAnimationFrame(() => (testButton.current ?? controls.current?.querySelector("button"))?.focus());
  const question = useRef<HTMLParagraphElement>(null);
  const questionId = useId();

  // The test's attempt arrives with a later poll: kept once seen (newer attempts may push it off
  // the list). Past the patience, the page stops polling fast and leaves it to the list.
  const arrived = awaiting ? deliveries.data?.attempts.find((a) => a.deliveryId === test.deliveryId) : undefined;
  if (arrived && test) setTest({ ...test, attempt: arrived });
  useEffect(() => {
    if (!awaiting) return;
    const timer = setTimeout(() => setTest((t) => t && { ...t, timedOut: true }), TEST_PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [awaiting]);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  const sendATest = () => {
    if (awaiting || sendTest.isPending) return;
    setTest(null);
    setOutcome("Sending a test event…");
    sendTest.mutate(endpoint.id, {
      onSuccess: ({ deliveryId }) => {
        setTest({ deliveryId, attempt: null, timedOut: false });
        setOutcome("Test queued: it is sent within a few seconds.");
      },
      onError: (error) => setOutcome(error.message),
    });
  };
  const rotateSecret = () => {
    if (rotate.isPending) return;
    setTest(null);
    setOutcome("");
    rotate.mutate(endpoint.id, {
      onSuccess: ({ secret }) => onReveal({ endpointId: endpoint.id, secret, rotated: true }),
      onError: (error) => setOutcome(error.message),
    });
  };
  const enableIt = () => {
    if (enable.isPending) return;
    setTest(null);
    enable.mutate(endpoint.id, {
      onSuccess: () => {
        setOutcome("Enabled: deliveries to it resume.");
        requestAnimationFrame(() => testButton.current?.focus());
      },
      onError: (error) => setOutcome(error.message),
    });
  };
  const doneWithSecret = () => {
    // The secret leaves memory with the reveal: neither mutation keeps its answer.
    rotate.reset();
    onReveal(null);
    // Back to what comes next: after adding, a test; after rotating, where one was.
    if (revealed?.rotated) requestAnimationFrame(() => rotateButton.current?.focus());
    else focusControls();
  };
  const testing = awaiting || sendTest.isPending;
  const said = test?.attempt
    ? testOutcome(test.attempt, dates.locale)
    : test?.timedOut
      ? "The test has not been tried yet: it stays queued, and its attempt will show below."
      : outcome;

  return (
    <li className="webhook-endpoint" data-testid="webhook-endpoint">
      <div className="webhook-head">
        <h3 className="webhook-url">{endpoint.url}</h3>
        <span className={`status ${endpoint.disabledAt ? "disabled" : "open"}`}>{endpoint.disabledAt ? "Disabled" : "Active"}</span>
      </div>
      {endpoint.description && <p className="webhook-description">{endpoint.description}</p>}
      <dl className="anomaly-figures webhook-facts">
        <div>
          <dt>Events</dt>
          <dd>
            {endpoint.events.map((event, i) => (
              <span key={event}>
                {i > 0 && ", "}
                <code className="mono">{event}</code>
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>Added</dt>
          <dd>{dates.instant(endpoint.createdAt, timeZone)}</dd>
        </div>
        {endpoint.previousSecretExpiresAt && (
          <div>
            <dt>Previous secret signs until</dt>
            <dd>{dates.instant(endpoint.previousSecretExpiresAt, timeZone)}</dd>
          </div>
        )}
      </dl>
      {endpoint.disabledAt && (
        <p className="alert error webhook-disabled" data-testid="webhook-disabled">
          Disabled {dates.instant(endpoint.disabledAt, timeZone, { named: true })}
          {endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}. Nothing is sent to it until it is enabled again.
        </p>
      )}
      {revealed && (
        <SecretReveal
          secret={revealed.secret}
          rotated={revealed.rotated}
          previousExpiresAt={endpoint.previousSecretExpiresAt}
          timeZone={timeZone}
          onDone={doneWithSecret}
        />
      )}
      {canManage &&
        (confirming ? (
          <div className="alert notice webhook-confirm" role="group" aria-labelledby={questionId}>
            <p id={questionId} ref={question} tabIndex={-1}>
              Delete the endpoint {endpoint.url}? Nothing more is sent to it, and its secret stops working.
            </p>
            <div className="triage-actions">
              <button
                type="button"
                className="button secondary small danger"
                aria-disabled={deleting}
                onClick={() => !deleting && onDelete(endpoint)}
              >
                {deleting ? "Deleting…" : "Delete endpoint"}
              </button>
              <button
                type="button"
                className="button secondary small"
                onClick={() => {
                  setConfirming(false);
                  focusControls();
                }}
              >
                Keep it
              </button>
            </div>
            {deleteError && (
              <p role="alert" className="error-text">
                {deleteError}
              </p>
            )}
          </div>
        ) : (
          <div ref={controls} className="triage-actions" role="group" aria-label={`Manage ${endpoint.url}`}>
            {endpoint.disabledAt && (
              <button type="button" className="button small" aria-disabled={enable.isPending} onClick={enableIt}>
                Enable
              </button>
            )}
            {/* A disabled endpoint refuses tests (409): enable it first. */}
            {!endpoint.disabledAt && (
              <button ref={testButton} type="button" className="button secondary small" aria-disabled={testing} onClick={sendATest}>
                {testing ? "Sending test…" : "Send test"}
              </button>
            )}
            <button
              ref={rotateButton}
              type="button"
              className="button secondary small"
              aria-disabled={rotate.isPending}
              onClick={rotateSecret}
            >
              Rotate secret
            </button>
            <button type="button" className="button secondary small danger" onClick={() => setConfirming(true)}>
              Delete
            </button>
          </div>
        ))}
      <p role="status" className="muted webhook-outcome" data-testid="webhook-outcome">
        {said}
      </p>
      <WebhookDeliveries deliveries={deliveries} timeZone={timeZone} label={`Deliveries to ${endpoint.url}`} />
    </li>
  );
}
