"use client";

/** Opens the browser's print dialog: "Save as PDF" there gives the clean PDF the print styles make. */
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded-md border border-ink-300 px-3 py-1.5 text-sm font-medium print:hidden dark:border-ink-700"
    >
      Print or save as PDF
    </button>
  );
}
