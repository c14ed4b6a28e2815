"use client";

import type { GateItem } from "@/server/domain/gates";
import { localClock } from "../../release-status";
import { Ban, Circle, CircleCheck } from "lucide-react";
import { Isolated } from "@/app/_components/isolated";

/** Met or not, drawn as icons: a font without ✓ or ○ would show empty boxes. */
function GateIcon({ met }: { met: boolean }) {
  return met ? (
    <CircleCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-passed" />
  ) : (
    <Circle aria-hidden className="mt-0.5 size-4 shrink-0 text-blocked" />
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
        allMet ? "border-passed/30 bg-passed-soft" : "border-blocked/30 bg-blocked-soft"
      }`}
    >
      <h2 id="gates-heading" className="flex items-start gap-2 font-semibold">
        {allMet ? (
          <CircleCheck aria-hidden className="mt-1 size-4 shrink-0 text-passed" />
        ) : (
          <Ban aria-hidden className="mt-1 size-4 shrink-0 text-blocked" />
        )}
        <span>
          {allMet ? (
            <>
              Ready for <bdi>{target}</bdi>
            </>
          ) : (
            <>
              Into <bdi>{target}</bdi>: {unmet} of {items.length} gate{items.length === 1 ? "" : "s"} not met
            </>
          )}
        </span>
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
                  <span className="text-ink-600 dark:text-ink-400"> — {item.clearedBy}</span>
                )}
                {!item.met && item.clearsAt && (
                  <span className="text-ink-600 dark:text-ink-400">
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
