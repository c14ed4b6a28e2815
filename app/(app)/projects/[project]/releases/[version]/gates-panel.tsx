"use client";

import type { GateItem } from "@/server/domain/gates";
import { localClock } from "../../release-status";
import { Check, Circle } from "lucide-react";
import { Isolated } from "@/app/_components/isolated";

/** Met or not, drawn as icons: a font without ✓ or ○ would show empty boxes. */
function GateIcon({ met }: { met: boolean }) {
  return met ? (
    <Check aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-emerald-600 dark:text-emerald-400" />
  ) : (
    <Circle aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-amber-600 dark:text-amber-400" />
  );
}

/**
 * The gates into the next environment as the page's first answer: every gate, met or not,
 * each with who can clear it or when it clears by itself.
 */
export function GatesPanel({
  target,
  items,
  allMet,
  names = [],
}: {
  target: string;
  items: GateItem[];
  allMet: boolean;
  /** The pipeline's environment names, isolated where a reason mentions them. */
  names?: string[];
}) {
  const unmet = items.filter((i) => !i.met).length;
  return (
    <section
      aria-labelledby="gates-heading"
      className={`mt-4 rounded-lg border p-4 ${
        allMet
          ? "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40"
          : "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/40"
      }`}
    >
      <h2 id="gates-heading" className="font-semibold">
        {allMet ? (
          <>
            Ready for <bdi>{target}</bdi>
          </>
        ) : (
          <>
            Into <bdi>{target}</bdi>: {unmet} of {items.length} gate{items.length === 1 ? "" : "s"} not met
          </>
        )}
      </h2>
      {items.length === 0 ? (
        <p className="mt-1 text-sm">
          <bdi>{target}</bdi> asks for nothing: it may be promoted now.
        </p>
      ) : (
        <ul aria-label={`Gates for ${target}`} className="mt-2 space-y-1.5 text-sm">
          {items.map((item, i) => (
            <li key={`${item.gate}-${item.subject ?? i}`} className="flex gap-2">
              <GateIcon met={item.met} />
              <span className="min-w-0">
                <span className="sr-only">{item.met ? "Met: " : "Not met: "}</span>
                <Isolated text={item.reason} names={[target, item.subject, ...names]} />
                {!item.met && item.clearedBy && item.clearedBy !== "time" && (
                  <span className="text-slate-600 dark:text-slate-400"> — {item.clearedBy}</span>
                )}
                {!item.met && item.clearsAt && (
                  <span className="text-slate-600 dark:text-slate-400">
                    {" "}
                    — clears{" "}
                    <time dateTime={new Date(item.clearsAt).toISOString()} suppressHydrationWarning>
                      {localClock(new Date(item.clearsAt))}
                    </time>
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
