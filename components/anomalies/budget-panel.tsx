"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useDateFormat } from "@/components/layout/date-format";
import type { BudgetResponse } from "@/lib/anomalies/budget-response";
import { formatMoney } from "@/lib/format/money-format";

const DEFAULT_THRESHOLDS = "50, 75, 100";

async function send(workspaceId: string, method: "PUT" | "DELETE", body?: unknown): Promise<BudgetResponse> {
  const response = await fetch(`/api/billing/budget?workspaceId=${encodeURIComponent(workspaceId)}`, {
    method,
    headers: { accept: "application/json", ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(json?.error?.message ?? `The budget could not be saved (${response.status}).`);
  return json as BudgetResponse;
}

/** Saving or removing a budget changes its banner and may raise or resolve budget flags. */
function useBudgetChange(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { amount: string; thresholds: number[] } | null) =>
      change ? send(workspaceId, "PUT", change) : send(workspaceId, "DELETE"),
    onSuccess: (saved) => {
      client.setQueryData(["budget", workspaceId], saved);
      void client.invalidateQueries({ queryKey: ["anomalies"] });
    },
  });
}

// Whole percentages, as the API takes them; anything else is left for the API to name.
const parseThresholds = (text: string) =>
  text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((part) => Number(part.replace(/%$/, "")));

/**
 * The workspace's budget per billing period: what it is for everyone who sees the dashboard, and
 * a form to set, change or remove it for the workspace's admins.
 */
export function BudgetPanel({ workspaceId, budget, canSet }: { workspaceId: string; budget: BudgetResponse | undefined; canSet: boolean }) {
  const { locale } = useDateFormat();
  const change = useBudgetChange(workspaceId);
  const [editing, setEditing] = useState(false);
  const [amount, setAmount] = useState("");
  const [thresholds, setThresholds] = useState(DEFAULT_THRESHOLDS);
  const amountId = useId();
  const thresholdsId = useId();
  if (!budget) return null;
  const current = budget.budget;
  if (!current && !canSet) return null;

  const startEditing = () => {
    change.reset();
    setAmount(current?.amount ?? "");
    setThresholds(current ? current.thresholds.join(", ") : DEFAULT_THRESHOLDS);
    setEditing(true);
  };
  const done = { onSuccess: () => setEditing(false) };

  return (
    <section className="card budget" aria-labelledby="budget-title" data-testid="budget-panel">
      <div className="card-header">
        <h2 id="budget-title">Budget</h2>
        {canSet && !editing && (
          <button type="button" className="button secondary small" onClick={startEditing}>
            {current ? "Change budget" : "Set a budget"}
          </button>
        )}
      </div>
      {!editing ? (
        <p className={current ? undefined : "muted"} data-testid="budget-summary">
          {current
            ? `${formatMoney(current.amount, current.currency, locale)} per billing period; a warning at ${current.thresholds.map((t) => `${t} %`).join(", ")} of it, by the cost so far or the projected invoice.`
            : "No budget: set one to be warned when the cost so far or the projected invoice reaches a share of it."}
        </p>
      ) : (
        <form
          className="budget-form"
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate({ amount: amount.trim(), thresholds: parseThresholds(thresholds) }, done);
          }}
        >
          <div className="field">
            <label htmlFor={amountId}>Amount per billing period{current ? ` (${current.currency})` : ""}</label>
            <input
              id={amountId}
              inputMode="decimal"
              autoComplete="off"
              required
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              autoFocus
            />
          </div>
          <div className="field">
            <label htmlFor={thresholdsId}>Warn at (percent of the amount, comma-separated)</label>
            <input
              id={thresholdsId}
              inputMode="numeric"
              autoComplete="off"
              required
              value={thresholds}
              onChange={(e) => setThresholds(e.target.value)}
            />
          </div>
          <div className="triage-actions">
            <button type="submit" className="button small" disabled={change.isPending}>
              Save budget
            </button>
            <button type="button" className="button secondary small" onClick={() => setEditing(false)}>
              Cancel
            </button>
            {current && (
              <button
                type="button"
                className="button secondary small danger"
                disabled={change.isPending}
                onClick={() => change.mutate(null, done)}
              >
                Remove budget
              </button>
            )}
          </div>
          {change.isError && (
            <p role="alert" className="error-text">
              {change.error.message}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
