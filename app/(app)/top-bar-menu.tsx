"use client";

import { useState } from "react";
import { usePathname } from "next/navigation";
import { Menu, X } from "lucide-react";

/**
 * Below `md` the top bar's links and Sign out fold into this menu. Its panel is only in the
 * page while open, so no link is there twice for a reader or a test.
 */
export function TopBarMenu({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  // Open on the page it was opened on: a link followed from the menu closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <div className="md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="top-bar-menu"
        onClick={() => setOpenOn(open ? null : pathname)}
        className="rounded-md p-1.5 text-ink-700 hover:bg-ink-100 dark:text-ink-200 dark:hover:bg-ink-800"
      >
        {open ? <X aria-hidden className="size-5" /> : <Menu aria-hidden className="size-5" />}
        <span className="sr-only">Menu</span>
      </button>
      {open && (
        <div
          id="top-bar-menu"
          className="absolute inset-x-0 top-12 z-30 flex flex-col gap-1 border-b border-ink-200 bg-white px-4 py-3 shadow-lg dark:border-ink-800 dark:bg-ink-900 [&>a]:py-1.5 [&>button]:self-start [&>button]:px-0"
        >
          {children}
        </div>
      )}
    </div>
  );
}
