"use client";

import { useRef, useState } from "react";
import { useCreateWebhook, useDeleteWebhook, useWebhookEndpoints } from "@/components/data/use-webhooks";
import type { NewWebhookEndpoint, WebhookEndpoint } from "./types";
import { WebhookEndpointForm } from "./webhook-endpoint-form";
import { WebhookEndpointItem, type Revealed } from "./webhook-endpoint-item";

/**
 * The workspace's webhook endpoints, each with its recent deliveries. Admins add one (its secret
 * is then shown once), test, rotate, enable and delete; everyone else who may see them reads.
 * When the form closes or an endpoint goes, focus returns to "Add an endpoint" and the outcome
 * is announced.
 */
export function WebhookEndpoints({ workspaceId, canManage, timeZone }: { workspaceId: string; canManage: boolean; timeZone: string }) {
  const endpoints = useWebhookEndpoints(workspaceId);
  const create = useCreateWebhook(workspaceId);
  const remove = useDeleteWebhook(workspaceId);
  const [adding, setAdding] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [outcome, setOutcome] = useState("");
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAdd = () => requestAnimationFrame(() => addButton.current?.focus());

  const add = (endpoint: NewWebhookEndpoint) =>
    create.mutate(endpoint, {
      onSuccess: ({ id, secret, url }) => {
        setAdding(false);
        setOutcome(`Endpoint ${url} added.`);
        setRevealed({ endpointId: id, secret, rotated: false });
      },
    });
  const deleteEndpoint = (endpoint: WebhookEndpoint) =>
    remove.mutate(endpoint.id, {
      onSuccess: () => {
        setOutcome(`Endpoint ${endpoint.url} deleted.`);
        if (revealed?.endpointId === endpoint.id) setRevealed(null);
        focusAdd();
      },
    });
  const list = endpoints.data?.endpoints ?? [];

  return (
    <section className="card webhooks" aria-labelledby="webhooks-title" data-testid="webhooks">
      <div className="card-header">
        <h2 id="webhooks-title">Webhook endpoints</h2>
        {canManage && !adding && (
          <button
            ref={addButton}
            type="button"
            className="button secondary small"
            onClick={() => {
              create.reset();
              setOutcome("");
              setAdding(true);
            }}
          >
            Add an endpoint
          </button>
        )}
      </div>
      <p className="muted">
        Each alert is sent as a signed JSON POST to every endpoint subscribed to its event. An answer other than 2xx within 5 seconds is
        retried, for about a day; an endpoint that fails for five days is disabled.
      </p>
      {adding && (
        <WebhookEndpointForm
          pending={create.isPending}
          error={create.error}
          onSave={add}
          onCancel={() => {
            setAdding(false);
            focusAdd();
          }}
        />
      )}
      <p role="status" className="muted webhook-outcome" data-testid="webhooks-outcome">
        {outcome}
      </p>
      {endpoints.isPending ? (
        <p role="status" className="muted">
          Loading webhook endpoints…
        </p>
      ) : endpoints.isError ? (
        <p role="alert" className="error-text">
          {endpoints.error.message}
        </p>
      ) : list.length === 0 ? (
        <p className="muted" data-testid="no-webhooks">
          No endpoints yet{canManage ? ": add one to have alerts posted to your own systems." : "."}
        </p>
      ) : (
        <ul className="webhook-list">
          {list.map((endpoint) => (
            <WebhookEndpointItem
              key={endpoint.id}
              endpoint={endpoint}
              workspaceId={workspaceId}
              canManage={canManage}
              timeZone={timeZone}
              revealed={revealed?.endpointId === endpoint.id ? revealed : null}
              onReveal={(shown) => {
                if (!shown) create.reset();
                setRevealed(shown);
              }}
              onDelete={deleteEndpoint}
              deleting={remove.isPending && remove.variables === endpoint.id}
              deleteError={remove.isError && remove.variables === endpoint.id ? remove.error.message : null}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
