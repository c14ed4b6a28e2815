"use client";

import { Circle, ExternalLink } from "lucide-react";
import type { GateItem } from "@/server/domain/gates";
import { Isolated } from "@/app/_components/isolated";

const chipStyle: Record<string, string> = {
  passed: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  error: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  running: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  missing: "bg-slate-100 text-slate-600 dark:bg-slate-700 dark:text-slate-300",
};

/**
 * One chip per required check of the next environment, with its latest status; a chip links
 * to the CI run of that result when CI sent one (`links`, by check name).
 */
export function CheckChips({ items, links }: { items: GateItem[]; links?: Record<string, string> }) {
  const checks = items.filter((i) => i.gate === "checks");
  if (checks.length === 0) return null;
  return (
    <ul aria-label="Checks" className="mt-2 flex flex-wrap gap-1">
      {checks.map((c) => {
        const url = c.subject ? links?.[c.subject] : undefined;
        const style = `rounded px-1.5 py-0.5 text-xs font-medium ${chipStyle[c.status ?? "missing"] ?? chipStyle.missing}`;
        return (
          <li key={c.subject} title={c.reason} className={url ? "" : style}>
            {url ? (
              <a
                href={url}
                target="_blank"
                rel="noreferrer"
                className={`${style} inline-flex items-center gap-0.5 hover:underline`}
              >
                {/* One flex item, so the link's name reads "unit: failed", not "unit : failed". */}
                <span>
                  <bdi>{c.subject}</bdi>: {c.status}
                </span>
                <ExternalLink aria-hidden className="size-3" />
              </a>
            ) : (
              <>
                <bdi>{c.subject}</bdi>: {c.status}
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Why the release cannot move yet: every unmet gate, in words a person can act on. */
export function GateChecklist({
  target,
  items,
  names = [],
}: {
  target: string;
  items: GateItem[];
  /** Other environments' names the reasons may mention, isolated like the target's. */
  names?: string[];
}) {
  const unmet = items.filter((i) => !i.met);
  return (
    <div className="mt-2">
      <p className="text-xs font-medium text-amber-800 dark:text-amber-300">
        Waiting for <bdi>{target}</bdi>:
      </p>
      {/* In a narrow board column (a compact card) only the first two reasons show; the release page has all. */}
      <ul className="mt-1 space-y-0.5 text-xs text-slate-700 @max-[15rem]:[&>li:nth-child(n+3)]:hidden dark:text-slate-300">
        {unmet.map((item, i) => (
          <li key={`${item.gate}-${item.subject ?? i}`} className="flex gap-1">
            <Circle aria-hidden className="mt-0.5 size-3 shrink-0" />
            <span>
              <Isolated text={item.reason} names={[target, item.subject, ...names]} />
              {item.clearedBy && item.clearedBy !== "time" ? (
                <span className="text-slate-500"> — {item.clearedBy}</span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {unmet.length > 2 && (
        <p className="mt-0.5 hidden text-xs text-slate-500 @max-[15rem]:block">and {unmet.length - 2} more</p>
      )}
    </div>
  );
}
