"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { Search } from "lucide-react";
import { useTRPC } from "@/app/_trpc/client";
import { Dialog } from "@/app/_components/ui/dialog";

/** Waits until typing pauses, so each keystroke is not a request. */
function useSettled(value: string, ms: number) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Jump to any release of any project by the start of its version: Ctrl-K (⌘-K on a Mac) from
 * any page, or the button in the top bar. cmdk gives the list its keyboard (↑ ↓ Enter) and
 * its combobox semantics; the server does the searching.
 */
export function JumpToRelease() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const settled = useSettled(query.trim(), 120);
  const hits = useQuery({
    ...trpc.board.findReleases.queryOptions({ query: settled }),
    enabled: open && settled.length > 0,
    placeholderData: keepPreviousData,
  });

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

  const close = () => {
    setOpen(false);
    setQuery("");
  };
  const results = settled ? (hits.data ?? []) : [];

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
        className="inline-flex items-center gap-1.5 rounded-md border border-ink-300 px-2 py-1 text-sm text-ink-600 hover:bg-ink-100 dark:border-ink-700 dark:text-ink-300 dark:hover:bg-ink-800"
      >
        <Search aria-hidden className="size-4" />
        <span className="sr-only sm:not-sr-only">Jump to release</span>
        <kbd aria-hidden className="hidden rounded border border-ink-300 px-1 text-xs lg:inline dark:border-ink-600">
          Ctrl K
        </kbd>
      </button>
      <Dialog open={open} labelledBy="jump-title" onClose={close}>
        <h2 id="jump-title" className="text-lg font-semibold">
          Jump to a release
        </h2>
        {open && (
          <Command shouldFilter={false} label="Releases" className="mt-3">
            <Command.Input
              autoFocus
              value={query}
              onValueChange={setQuery}
              placeholder="Start of a version, e.g. 2.11"
              aria-label="Version"
              className="w-full rounded-md border border-ink-300 px-3 py-2 text-sm dark:border-ink-700 dark:bg-ink-950"
            />
            <Command.List className="mt-2 max-h-80 overflow-y-auto">
              {settled && !hits.isFetching && (
                <Command.Empty className="px-2 py-3 text-sm text-ink-600 dark:text-ink-400">
                  No release starts with “{settled}”.
                </Command.Empty>
              )}
              {results.map((hit) => (
                <Command.Item
                  key={`${hit.project}/${hit.version}`}
                  value={`${hit.project}/${hit.version}`}
                  onSelect={() => {
                    close();
                    router.push(`/projects/${hit.project}/releases/${encodeURIComponent(hit.version)}`);
                  }}
                  className="flex cursor-pointer items-baseline justify-between gap-3 rounded-md px-2 py-1.5 text-sm data-[selected=true]:bg-accent-100 dark:data-[selected=true]:bg-accent-900"
                >
                  <span>
                    <span className="font-mono font-semibold">{hit.version}</span>{" "}
                    <span className="text-ink-600 dark:text-ink-400">{hit.projectName}</span>
                  </span>
                  <span className="text-xs text-ink-500">
                    {hit.state === "active" ? hit.environmentName : `${hit.state} · ${hit.environmentName}`}
                  </span>
                </Command.Item>
              ))}
            </Command.List>
          </Command>
        )}
        <p className="mt-3 text-xs text-ink-500">↑ ↓ to choose, Enter to open, Esc to close.</p>
      </Dialog>
    </>
  );
}
