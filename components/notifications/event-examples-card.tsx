import { EVENT_EXAMPLES, EVENT_WHEN, WEBHOOK_HEADERS } from "./event-examples";
import { SUBSCRIBABLE_EVENTS } from "./types";

/** What a receiver gets: an example body of each event, the headers and how to check the signature. */
export function EventExamples() {
  return (
    <section className="card event-examples" aria-labelledby="examples-title" data-testid="event-examples">
      <h2 id="examples-title">What each event looks like</h2>
      <p className="muted">
        Every delivery is a POST with a JSON body. The same event is sent to every endpoint, and again on every retry, under the same{" "}
        <code className="mono">webhook-id</code>. &ldquo;Send test&rdquo; posts a <code className="mono">webhook.test</code> event whose
        data holds the endpoint&apos;s id and a message.
      </p>
      {SUBSCRIBABLE_EVENTS.map((type) => (
        <details key={type} className="event-example">
          <summary>
            <code className="mono">{type}</code> <span className="muted">{EVENT_WHEN[type]}</span>
          </summary>
          <pre className="mono example-body">{JSON.stringify(EVENT_EXAMPLES[type], null, 2)}</pre>
        </details>
      ))}
      <h3>Headers</h3>
      <dl className="webhook-headers">
        {WEBHOOK_HEADERS.map((header) => (
          <div key={header.name}>
            <dt>
              <code className="mono">{header.name}</code>
            </dt>
            <dd>
              {header.meaning} <span className="muted">For example</span> <code className="mono">{header.example}</code>
            </dd>
          </div>
        ))}
      </dl>
      <p>
        <strong>Verify each delivery</strong> as{" "}
        <a href="https://www.standardwebhooks.com/" rel="noreferrer">
          Standard Webhooks
        </a>{" "}
        says (its libraries do it in one call): the HMAC-SHA256 of <code className="mono">id.timestamp.body</code>, keyed with the
        secret&apos;s bytes (the base64 after <code className="mono">whsec_</code>), must match one of the <code className="mono">v1,</code>{" "}
        signatures, and the timestamp must be within five minutes of now.
      </p>
    </section>
  );
}
