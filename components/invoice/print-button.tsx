"use client";

/** Opens the browser's print dialog, where "Save as PDF" gives the page as a document (the print stylesheet drops the page's frame). */
export function PrintButton() {
  return (
    <button type="button" className="button secondary" onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
