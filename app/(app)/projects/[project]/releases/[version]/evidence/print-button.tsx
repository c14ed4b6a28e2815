"use client";

import { Button } from "@/app/_components/ui/button";

/** Opens the browser's print dialog: "Save as PDF" there gives the clean PDF the print styles make. */
export function PrintButton() {
  return (
    <Button onClick={() => window.print()} className="print:hidden">
      Print or save as PDF
    </Button>
  );
}
