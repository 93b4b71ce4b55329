"use client";

import { useId, useState } from "react";
import { useEmailSettings, useSaveEmailSettings } from "@/components/data/use-email-notifications";
import type { EmailChoices, EmailSettings } from "./types";

const CHOICES: { key: keyof EmailChoices; label: string; help?: string }[] = [
  { key: "emailAdmins", label: "E-mail the workspace's admins" },
  { key: "emailFinance", label: "E-mail its finance members too" },
  {
    key: "dailyDigest",
    label: "Send a daily digest",
    help: "One e-mail a day with every alert of the day before, besides the immediate ones (high severity, budget crossings).",
  },
];

const choicesOf = ({ emailAdmins, emailFinance, dailyDigest }: EmailSettings): EmailChoices => ({ emailAdmins, emailFinance, dailyDigest });

/**
 * Who gets the workspace's alerts by e-mail. Admins change the choices; others read them. A server
 * without SMTP_URL sends no e-mail at all: the card says so and its form is disabled.
 */
export function EmailChoicesCard({ workspaceId, canManage }: { workspaceId: string; canManage: boolean }) {
  const settings = useEmailSettings(workspaceId);
  return (
    <section className="card email-choices" aria-labelledby="email-title" data-testid="email-choices">
      <h2 id="email-title">E-mail</h2>
      {settings.isPending ? (
        <p role="status" className="muted">
          Loading the e-mail choices…
        </p>
      ) : settings.isError ? (
        <p role="alert" className="error-text">
          {settings.error.message}
        </p>
      ) : (
        <>
          {!settings.data.smtpConfigured && (
            <p className="alert notice" id="smtp-missing" data-testid="smtp-missing">
              E-mail is not set up on this server: nothing is e-mailed until an operator sets <code className="mono">SMTP_URL</code>.
              Webhooks work without it.
            </p>
          )}
          {canManage ? (
            <EmailForm workspaceId={workspaceId} settings={settings.data} />
          ) : (
            <ul className="email-facts" data-testid="email-facts">
              {CHOICES.map(({ key, label }) => (
                <li key={key}>
                  {label}: <strong>{settings.data[key] ? "yes" : "no"}</strong>
                </li>
              ))}
            </ul>
          )}
          <Recipients settings={settings.data} />
        </>
      )}
    </section>
  );
}

function Recipients({ settings }: { settings: EmailSettings }) {
  return (
    <p className="muted email-recipients" data-testid="email-recipients">
      {settings.recipients.length === 0
        ? "These choices reach nobody."
        : `These choices reach ${settings.recipients.length === 1 ? "one address" : `${settings.recipients.length} addresses`}: ${settings.recipients.join(", ")}.`}
    </p>
  );
}

function EmailForm({ workspaceId, settings }: { workspaceId: string; settings: EmailSettings }) {
  const save = useSaveEmailSettings(workspaceId);
  const [draft, setDraft] = useState<EmailChoices>(() => choicesOf(settings));
  const [outcome, setOutcome] = useState("");
  const helpId = useId();
  const disabled = !settings.smtpConfigured;

  return (
    <form
      className="email-form"
      aria-label="E-mail choices"
      onSubmit={(event) => {
        event.preventDefault();
        if (save.isPending || disabled) return;
        setOutcome("");
        save.mutate(draft, { onSuccess: () => setOutcome("E-mail choices saved.") });
      }}
    >
      <fieldset disabled={disabled} aria-describedby={disabled ? "smtp-missing" : undefined}>
        <legend>Who gets alerts by e-mail</legend>
        {CHOICES.map(({ key, label, help }) => (
          <label key={key} className="check">
            <input
              type="checkbox"
              checked={draft[key]}
              aria-describedby={help ? helpId : undefined}
              onChange={(e) => {
                setOutcome("");
                setDraft({ ...draft, [key]: e.target.checked });
              }}
            />
            <span>
              {label}
              {help && (
                <span id={helpId} className="muted check-help">
                  {help}
                </span>
              )}
            </span>
          </label>
        ))}
        <div className="triage-actions">
          <button type="submit" className="button small" aria-disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save e-mail choices"}
          </button>
        </div>
      </fieldset>
      <p role="status" className="muted webhook-outcome" data-testid="email-outcome">
        {outcome}
      </p>
      {save.isError && (
        <p role="alert" className="error-text">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
