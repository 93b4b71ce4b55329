"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A table that may be wider than the screen. The box scrolls sideways, and is focusable and named
 * so keyboard users can scroll it too (axe: scrollable-region-focusable). When the table does not
 * fit, a line above it says so: a phone shows no scroll bar until the table is touched.
 */
export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const hint = useId();
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <>
      {overflows && (
        <p className="scroll-hint muted" id={hint} data-testid="scroll-hint">
          <span aria-hidden="true">↔ </span>The table is wider than the screen: scroll it sideways for more columns.
        </p>
      )}
      <div
        ref={box}
        className={["table-scroll", overflows && "overflowing", className].filter(Boolean).join(" ")}
        tabIndex={0}
        role="region"
        aria-label={label}
        aria-describedby={overflows ? hint : undefined}
      >
        {children}
      </div>
    </>
  );
}
