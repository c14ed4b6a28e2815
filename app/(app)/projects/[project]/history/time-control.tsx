"use client";

import { Button } from "@/app/_components/ui/button";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";

type Props = {
  project: string;
  /** The moment shown, or null for now. */
  at: string | null;
  /** The scrubber's range: the last 30 days. */
  from: string;
  to: string;
  /** The project's moves in that range, drawn as ticks. */
  ticks: string[];
};

/** A datetime-local value (the browser's time zone) for a moment. */
function localValue(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "Now", a date-time picker and a scrubber over the last 30 days with the project's moves as
 * ticks (README: History). Picking a moment shows the board as it stood then, at `?at=`.
 */
export function TimeControl({ project, at, from, to, ticks }: Props) {
  const router = useRouter();
  const id = useId();
  const start = new Date(from).getTime();
  const end = new Date(to).getTime();
  const [scrub, setScrub] = useState(at ? new Date(at).getTime() : end);
  const show = (moment: Date | null) =>
    router.push(
      moment ? `/projects/${project}?at=${encodeURIComponent(moment.toISOString())}` : `/projects/${project}`,
    );

  return (
    <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
      <Button
        onClick={() => show(null)}
        aria-pressed={at === null}
        className="aria-pressed:border-ink-900 aria-pressed:bg-ink-900 aria-pressed:text-white dark:aria-pressed:border-ink-100 dark:aria-pressed:bg-ink-100 dark:aria-pressed:text-ink-900"
      >
        Now
      </Button>
      <label htmlFor={`${id}-at`} className="text-ink-700 dark:text-ink-300">
        Board at
      </label>
      <input
        id={`${id}-at`}
        type="datetime-local"
        defaultValue={at ? localValue(at) : ""}
        onChange={(event) => {
          const picked = new Date(event.target.value);
          if (!Number.isNaN(picked.getTime())) show(picked);
        }}
        className="rounded-md border border-ink-300 bg-white px-2 py-1 dark:border-ink-700 dark:bg-ink-950"
      />
      <div className="relative min-w-48 flex-1 sm:max-w-md">
        <label htmlFor={`${id}-scrub`} className="sr-only">
          Scrub the last 30 days
        </label>
        <div aria-hidden className="pointer-events-none absolute inset-x-0 -top-1 h-1.5">
          {ticks.map((tick, i) => {
            const left = ((new Date(tick).getTime() - start) / (end - start)) * 100;
            return (
              <span
                key={i}
                className="absolute h-1.5 w-px bg-accent-500 dark:bg-accent-400"
                style={{ left: `${Math.min(100, Math.max(0, left))}%` }}
              />
            );
          })}
        </div>
        <input
          id={`${id}-scrub`}
          type="range"
          min={start}
          max={end}
          step={60_000}
          value={scrub}
          onChange={(event) => setScrub(Number(event.target.value))}
          onPointerUp={() => show(new Date(scrub))}
          onKeyUp={(event) => {
            if (event.key.startsWith("Arrow") || event.key === "Home" || event.key === "End") show(new Date(scrub));
          }}
          aria-valuetext={new Date(scrub).toUTCString()}
          className="w-full accent-accent-600"
        />
      </div>
    </div>
  );
}
