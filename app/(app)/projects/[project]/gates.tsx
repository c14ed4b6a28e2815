"use client";

import { Ban, Circle, ExternalLink } from "lucide-react";
import { StatusPill, type Status } from "@/app/_components/ui/status";
import type { GateItem } from "@/server/domain/gates";
import { Isolated } from "@/app/_components/isolated";

const chipStatus: Record<string, Status> = {
  passed: "passed",
  failed: "failed",
  error: "failed",
  running: "running",
  missing: "neutral",
};

/**
 * One pill per required check of the next environment, with its latest status (colour and icon),
 * after a count of those passed; a pill links to the CI run of that result when CI sent one
 * (`links`, by check name).
 */
export function CheckChips({ items, links }: { items: GateItem[]; links?: Record<string, string> }) {
  const checks = items.filter((i) => i.gate === "checks");
  if (checks.length === 0) return null;
  const passed = checks.filter((c) => c.status === "passed").length;
  return (
    <div className="mt-2 flex items-start gap-1">
      <span
        className="mt-px shrink-0 text-xs font-medium text-ink-700 tabular-nums dark:text-ink-300"
        title={`${passed} of ${checks.length} checks passed`}
      >
        <span aria-hidden>
          {passed}/{checks.length}
        </span>
        <span className="sr-only">
          {passed} of {checks.length} checks passed
        </span>
      </span>
      <ul aria-label="Checks" className="flex min-w-0 flex-wrap gap-1">
        {checks.map((c) => {
          const url = c.subject ? links?.[c.subject] : undefined;
          const status = chipStatus[c.status ?? "missing"] ?? "neutral";
          const words = (
            // One flex item, so the link's name reads "unit: failed", not "unit : failed".
            <span className="truncate">
              <bdi>{c.subject}</bdi>: {c.status}
            </span>
          );
          return (
            <li key={c.subject} title={c.reason} className="min-w-0">
              {url ? (
                <a href={url} target="_blank" rel="noreferrer" className="hover:underline">
                  <StatusPill status={status} size="sm">
                    {words}
                    <ExternalLink aria-hidden className="size-3" />
                  </StatusPill>
                </a>
              ) : (
                <StatusPill status={status} size="sm">
                  {words}
                </StatusPill>
              )}
            </li>
          );
        })}
      </ul>
    </div>
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
      <p className="flex items-center gap-1 text-xs font-medium text-blocked">
        <Ban aria-hidden className="size-3 shrink-0" />
        <span>
          Waiting for <bdi>{target}</bdi>:
        </span>
      </p>
      {/* In a narrow board column (a compact card) only the first two reasons show; the release page has all. */}
      <ul className="mt-1 space-y-0.5 text-xs text-ink-700 @max-[15rem]:[&>li:nth-child(n+3)]:hidden dark:text-ink-300">
        {unmet.map((item, i) => (
          <li key={`${item.gate}-${item.subject ?? i}`} className="flex gap-1">
            <Circle aria-hidden className="mt-0.5 size-3 shrink-0" />
            <span>
              <Isolated text={item.reason} names={[target, item.subject, ...names]} />
              {item.clearedBy && item.clearedBy !== "time" ? (
                <span className="text-ink-500"> — {item.clearedBy}</span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {unmet.length > 2 && (
        <p className="mt-0.5 hidden text-xs text-ink-500 @max-[15rem]:block">and {unmet.length - 2} more</p>
      )}
    </div>
  );
}
