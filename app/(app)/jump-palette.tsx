"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useTRPC } from "@/app/_trpc/client";

/** Waits until typing pauses, so each keystroke is not a request. */
function useSettled(value: string, ms: number) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The jump palette's search and list: in the page only while the dialog is open. */
export function JumpPalette({ onChosen }: { onChosen: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [query, setQuery] = useState("");
  const settled = useSettled(query.trim(), 120);
  const hits = useQuery({
    ...trpc.board.findReleases.queryOptions({ query: settled }),
    enabled: settled.length > 0,
    placeholderData: keepPreviousData,
  });
  const results = settled ? (hits.data ?? []) : [];
  return (
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
              onChosen();
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
  );
}
