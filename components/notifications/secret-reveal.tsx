"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useDateFormat } from "@/components/layout/date-format";

/**
 * A signing secret, the one time the API gives it (adding an endpoint, rotating its secret): shown
 * with a copy button and the warning that it will not be shown again. It takes focus when it
 * appears, so a screen reader reads it out; Done hands focus back to the endpoint's controls.
 */
export function SecretReveal({
  secret,
  rotated,
  previousExpiresAt,
  timeZone,
  onDone,
}: {
  secret: string;
  /** A rotation: the previous secret keeps signing until `previousExpiresAt`. */
  rotated: boolean;
  previousExpiresAt: string | null;
  timeZone: string;
  onDone: () => void;
}) {
  const dates = useDateFormat();
  const box = useRef<HTMLDivElement>(null);
  const [titleId, valueId] = [useId(), useId()];
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => box.current?.focus(), []);

  const copySecret = () =>
    navigator.clipboard
      .writeText(secret)
      .then(() => setCopy("copied"))
      .catch(() => setCopy("failed"));

  return (
    <div ref={box} className="alert notice secret-reveal" role="group" aria-labelledby={titleId} tabIndex={-1} data-testid="secret-reveal">
      <p id={titleId}>
        <strong>{rotated ? "New signing secret" : "Signing secret"}: copy it now. It will not be shown again.</strong>
      </p>
      <div className="secret-line">
        <code id={valueId} className="mono secret-value" data-testid="secret-value">
          {secret}
        </code>
        <button type="button" className="button secondary small" aria-describedby={valueId} onClick={copySecret}>
          {copy === "copied" ? "Copied" : "Copy secret"}
        </button>
      </div>
      <p role="status" className="secret-copy-status">
        {copy === "copied" ? "Copied to the clipboard." : copy === "failed" ? "Could not copy: select the secret and copy it." : ""}
      </p>
      <p>
        {rotated
          ? `The previous secret keeps signing deliveries too${previousExpiresAt ? ` until ${dates.instant(previousExpiresAt, timeZone, { named: true })}` : " for 24 hours"}, so your receiver can switch over without missing any.`
          : "Your receiver checks each delivery's signature with it (see “What each event looks like” below)."}
      </p>
      <button type="button" className="button small" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}
