"use client";

import { buttonVariants } from "@/app/_components/ui/button";
import { ToggleGroup, ToggleGroupItem } from "@/app/_components/ui/toggle-group";
import Link from "next/link";

export type RangeQuery = { days?: string; from?: string; to?: string };

const presets = ["30", "90", "365"];

/**
 * 30, 90 or 365 days as a toggle group (one tab stop, arrows between them), each item a link to its
 * range so it works before any script loads; or a custom range in a plain GET form.
 */
export function RangeControl({ path, query }: { path: string; query: RangeQuery }) {
  const custom = Boolean(query.from);
  const days = custom ? "" : (query.days ?? "30");
  return (
    <div className="mb-6 flex flex-wrap items-end gap-x-4 gap-y-2 text-sm">
      <ToggleGroup aria-label="Time range" value={presets.includes(days) ? days : ""}>
        {presets.map((d) => (
          <ToggleGroupItem key={d} value={d} asChild>
            <Link href={`${path}?days=${d}`}>{d} days</Link>
          </ToggleGroupItem>
        ))}
      </ToggleGroup>
      <form action={path} method="get" className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col">
          <span className="text-xs text-ink-600 dark:text-ink-400">From</span>
          <input
            type="date"
            name="from"
            required
            defaultValue={query.from?.slice(0, 10)}
            className="rounded-md border border-ink-300 bg-white px-2 py-1 dark:border-ink-700 dark:bg-ink-950"
          />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-ink-600 dark:text-ink-400">To</span>
          <input
            type="date"
            name="to"
            defaultValue={query.to?.slice(0, 10)}
            className="rounded-md border border-ink-300 bg-white px-2 py-1 dark:border-ink-700 dark:bg-ink-950"
          />
        </label>
        <button type="submit" className={buttonVariants({ variant: "secondary" })}>
          Show range
        </button>
      </form>
    </div>
  );
}
