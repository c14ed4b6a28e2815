"use client";

import { useEffect, useRef } from "react";
import { Search } from "lucide-react";
import type { Card } from "./board-types";

/** Whether a card matches what was typed: part of its version or branch, or the start of its commit. */
export function cardMatcher(query: string): ((card: Card) => boolean) | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  return (card) =>
    card.version.toLowerCase().includes(q) ||
    (card.branch?.toLowerCase().includes(q) ?? false) ||
    (card.commitSha?.toLowerCase().startsWith(q) ?? false);
}

/** Typing in a field, where `/` is a character and not a shortcut. */
function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/** The board's search box; `/` anywhere on the page focuses it, Escape clears it. */
export function BoardSearch({
  value,
  onChange,
  matches,
}: {
  value: string;
  onChange: (value: string) => void;
  matches: number | null;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      event.preventDefault();
      input.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div role="search" className="flex items-center gap-2">
      <label className="relative flex items-center">
        <span className="sr-only">Search releases</span>
        <Search aria-hidden className="pointer-events-none absolute left-2 size-4 text-ink-500" />
        <input
          ref={input}
          type="search"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") onChange("");
          }}
          placeholder="Version, commit, branch"
          aria-keyshortcuts="/"
          className="w-64 max-w-full rounded-md border border-ink-300 bg-white py-1 pr-7 pl-8 text-sm dark:border-ink-700 dark:bg-ink-900"
        />
        <kbd
          aria-hidden
          className="pointer-events-none absolute right-2 rounded border border-ink-300 px-1 text-xs text-ink-500 dark:border-ink-600"
        >
          /
        </kbd>
      </label>
      {matches !== null && (
        <span className="text-xs text-ink-600 dark:text-ink-400" aria-live="polite">
          {matches} {matches === 1 ? "release matches" : "releases match"}
        </span>
      )}
    </div>
  );
}
