import { buttonVariants } from "@/app/_components/ui/button";
import Link from "next/link";

export type RangeQuery = { days?: string; from?: string; to?: string };

/** 30, 90 or 365 days, or a custom range: links and a plain GET form, so it works before any script loads. */
export function RangeControl({ path, query }: { path: string; query: RangeQuery }) {
  const custom = Boolean(query.from);
  const days = custom ? null : (query.days ?? "30");
  return (
    <div className="mb-6 flex flex-wrap items-end gap-x-4 gap-y-2 text-sm">
      <nav aria-label="Time range" className="inline-flex gap-0.5 rounded-lg border border-line bg-raised p-0.5">
        {["30", "90", "365"].map((d) => (
          <Link
            key={d}
            href={`${path}?days=${d}`}
            aria-current={days === d ? "page" : undefined}
            className="rounded-md px-2.5 py-1 font-medium text-ink-700 tabular-nums hover:text-fg aria-[current=page]:bg-surface aria-[current=page]:text-fg aria-[current=page]:shadow-sm dark:text-ink-300"
          >
            {d} days
          </Link>
        ))}
      </nav>
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
