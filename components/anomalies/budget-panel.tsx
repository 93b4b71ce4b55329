"use client";

import { useEffect, useRef, useState } from "react";
import { useBudgetChange } from "@/components/data/use-budget";
import { useDateFormat } from "@/components/layout/date-format";
import type { BudgetResponse } from "@/lib/budget/budget-response";
import { formatMoney } from "@/lib/format/money-format";
import { BudgetForm, type BudgetChange } from "./budget-form";

/**
 * The workspace's budget per billing period: what it is for everyone who sees the dashboard, and
 * a form to set, change or remove it for the workspace's admins. When the form closes, focus goes
 * back to the button that opened it and the outcome is announced politely.
 */
export function BudgetPanel({ workspaceId, budget, canSet }: { workspaceId: string; budget: BudgetResponse | undefined; canSet: boolean }) {
  const { locale } = useDateFormat();
  const change = useBudgetChange(workspaceId);
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState("");
  const toggle = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    toggle.current?.focus();
  }, [editing]);
  if (!budget) return null;
  const current = budget.budget;
  if (!current && !canSet) return null;
  const currency = budget.currency;

  const close = (announce: string) => {
    refocus.current = true;
    setOutcome(announce);
    setEditing(false);
  };
  const save = (saved: BudgetChange) =>
    change.mutate(saved, {
      onSuccess: (response) =>
        close(`Budget saved: ${formatMoney(response.budget?.amount ?? saved.amount, currency, locale)} per billing period.`),
    });
  const remove = () => change.mutate(null, { onSuccess: () => close("Budget removed.") });

  return (
    <section className="card budget" aria-labelledby="budget-title" data-testid="budget-panel">
      <div className="card-header">
        <h2 id="budget-title">Budget</h2>
        {canSet && !editing && (
          <button
            ref={toggle}
            type="button"
            className="button secondary small"
            onClick={() => {
              change.reset();
              setOutcome("");
              setEditing(true);
            }}
          >
            {current ? "Change budget" : "Set a budget"}
          </button>
        )}
      </div>
      {!editing ? (
        <p className={current ? undefined : "muted"} data-testid="budget-summary">
          {current
            ? `${formatMoney(current.amount, current.currency, locale)} per billing period; a warning at ${current.thresholds.map((t) => `${t} %`).join(", ")} of it, by the whole invoice's cost so far or projection.`
            : "No budget: set one to be warned when the whole invoice's cost so far or projection reaches a share of it."}
        </p>
      ) : (
        <BudgetForm
          current={current}
          currency={currency}
          amountToDate={budget.amountToDate}
          locale={locale}
          pending={change.isPending}
          error={change.isError ? change.error.message : null}
          onSave={save}
          onRemove={remove}
          onCancel={() => close("")}
        />
      )}
      <p role="status" className="muted budget-outcome" data-testid="budget-outcome">
        {outcome}
      </p>
    </section>
  );
}
