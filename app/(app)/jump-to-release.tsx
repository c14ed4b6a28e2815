"use client";

import { useEffect, useState } from "react";
import dynamic from "next/dynamic";
import { Search } from "lucide-react";
import { Dialog, DialogTitle } from "@/app/_components/ui/dialog";
import { Button } from "@/app/_components/ui/button";

// The palette (cmdk) loads when first opened, not with every page.
const JumpPalette = dynamic(() => import("./jump-palette").then((m) => m.JumpPalette), { ssr: false });

/**
 * Jump to any release of any project by the start of its version: Ctrl-K (⌘-K on a Mac) from
 * any page, or the button in the top bar. cmdk gives the list its keyboard (↑ ↓ Enter) and
 * its combobox semantics (in jump-palette.tsx, loaded on first opening); the server does the searching.
 */
export function JumpToRelease() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const close = () => setOpen(false);

  return (
    <>
      <Button
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
        className="text-ink-600 shadow-none dark:text-ink-300"
      >
        <Search aria-hidden className="size-4" />
        <span className="sr-only sm:not-sr-only">Jump to release</span>
        <kbd aria-hidden className="hidden rounded border border-ink-300 px-1 text-xs lg:inline dark:border-ink-600">
          Ctrl K
        </kbd>
      </Button>
      <Dialog open={open} labelledBy="jump-title" onClose={close}>
        <DialogTitle id="jump-title">Jump to a release</DialogTitle>
        {open && <JumpPalette onChosen={close} />}
        <p className="mt-3 text-xs text-ink-500">↑ ↓ to choose, Enter to open, Esc to close.</p>
      </Dialog>
    </>
  );
}
