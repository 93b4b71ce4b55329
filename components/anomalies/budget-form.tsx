"use client";

import { useId, useRef, useState } from "react";
import { currencyDigits, formatAmountForInput, formatMoney } from "@/lib/format/money-format";
import { parseLocaleDecimal, type ParsedDecimal } from "@/lib/format/parse-decimal";
import { budgetConcerns } from "./budget-checks";

const DEFAULT_THRESHOLDS = "50, 75, 100";

// Whole percentages, as the API takes them; anything else is left for the API to name.
const parseThresholds = (text: string) =>
  text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((part) => Number(part.replace(/%$/, "")));

export interface BudgetChange {
  amount: string;
  thresholds: number[];
}

interface BudgetFormProps {
  current: { amount: string; currency: string; thresholds: number[] } | null;
  /** The currency a budget set now is in, and the period's cost so far in it. */
  currency: string;
  amountToDate: string;
  locale: string;
  pending: boolean;
  error: string | null;
  onSave: (change: BudgetChange) => void;
  onRemove: () => void;
  onCancel: () => void;
}

function readAmount(text: string, currency: string, locale: string): ParsedDecimal {
  const parsed = parseLocaleDecimal(text, locale, { maxFractionDigits: currencyDigits(currency), currency });
  if (parsed.ok && /^0(\.0*)?$/.test(parsed.value)) return { ok: false, message: "The amount must be more than zero." };
  return parsed;
}

/**
 * Sets, changes or removes the budget. The amount is read the way the workspace's locale writes
 * numbers and shown back before saving; a likely slip (below the cost so far, ten times off) is
 * confirmed first. Buttons stay focusable while saving, so focus never falls to the page.
 */
export function BudgetForm({ current, currency, amountToDate, locale, pending, error, onSave, onRemove, onCancel }: BudgetFormProps) {
  const [amount, setAmount] = useState(current ? formatAmountForInput(current.amount, currency, locale) : "");
  const [thresholds, setThresholds] = useState(current ? current.thresholds.join(", ") : DEFAULT_THRESHOLDS);
  const [refused, setRefused] = useState<string | null>(null);
  const [concerns, setConcerns] = useState<string[]>([]);
  const amountInput = useRef<HTMLInputElement>(null);
  const [amountId, previewId, thresholdsId, concernsId] = [useId(), useId(), useId(), useId()];
  const parsed = readAmount(amount, currency, locale);
  const change = parsed.ok ? { amount: parsed.value, thresholds: parseThresholds(thresholds) } : null;

  const submit = (confirmed: boolean) => {
    if (pending) return;
    if (!change) {
      setRefused(parsed.ok ? null : parsed.message);
      amountInput.current?.focus();
      return;
    }
    const found = confirmed ? [] : budgetConcerns({ amount: change.amount, currency, amountToDate, current, locale });
    // The confirmation's buttons go away with it: focus goes back to the amount, not to the page.
    if (confirmed) amountInput.current?.focus();
    setConcerns(found);
    if (found.length === 0) onSave(change);
  };
  const backToAmount = () => {
    setConcerns([]);
    amountInput.current?.focus();
  };
  const message = refused ?? error;

  return (
    <form
      className="budget-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit(false);
      }}
    >
      <div className="field">
        <label htmlFor={amountId}>Amount per billing period ({currency})</label>
        <input
          id={amountId}
          ref={amountInput}
          inputMode="decimal"
          autoComplete="off"
          required
          aria-describedby={previewId}
          aria-invalid={refused !== null}
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
            setRefused(null);
            setConcerns([]);
          }}
          autoFocus
        />
        <p id={previewId} className="muted budget-preview" data-testid="budget-preview">
          {parsed.ok ? `Saves ${formatMoney(parsed.value, currency, locale)} per billing period.` : amount.trim() ? parsed.message : null}
        </p>
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
      {concerns.length > 0 ? (
        <div className="alert notice budget-confirm" role="group" aria-labelledby={concernsId} data-testid="budget-confirm">
          <p id={concernsId}>{concerns.join(" ")} Save it anyway?</p>
          <div className="triage-actions">
            <button type="button" className="button small" aria-disabled={pending} onClick={() => submit(true)} autoFocus>
              Save {change && formatMoney(change.amount, currency, locale)} anyway
            </button>
            <button type="button" className="button secondary small" onClick={backToAmount}>
              Change the amount
            </button>
          </div>
        </div>
      ) : (
        <div className="triage-actions">
          <button type="submit" className="button small" aria-disabled={pending}>
            {pending ? "Saving…" : "Save budget"}
          </button>
          <button type="button" className="button secondary small" onClick={onCancel}>
            Cancel
          </button>
          {current && (
            <button type="button" className="button secondary small danger" aria-disabled={pending} onClick={() => !pending && onRemove()}>
              Remove budget
            </button>
          )}
        </div>
      )}
      {message && (
        <p role="alert" className="error-text">
          {message}
        </p>
      )}
    </form>
  );
}
