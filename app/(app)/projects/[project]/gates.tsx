"use client";

import type { GateItem } from "@/server/domain/gates";

const chipStyle: Record<string, string> = {
  passed: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  error: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  running: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  missing: "bg-slate-100 text-slate-600 dark:bg-slate-700 dark:text-slate-300",
};

/** One chip per required check of the next environment, with its latest status. */
export function CheckChips({ items }: { items: GateItem[] }) {
  const checks = items.filter((i) => i.gate === "checks");
  if (checks.length === 0) return null;
  return (
    <ul aria-label="Checks" className="mt-2 flex flex-wrap gap-1">
      {checks.map((c) => (
        <li key={c.subject} title={c.reason} className={`rounded px-1.5 py-0.5 text-xs font-medium ${chipStyle[c.status ?? "missing"] ?? chipStyle.missing}`}>
          {c.subject}: {c.status}
        </li>
      ))}
    </ul>
  );
}

/** Why the release cannot move yet: every unmet gate, in words a person can act on. */
export function GateChecklist({ target, items }: { target: string; items: GateItem[] }) {
  const unmet = items.filter((i) => !i.met);
  return (
    <div className="mt-2">
      <p className="text-xs font-medium text-amber-800 dark:text-amber-300">Waiting for {target}:</p>
      <ul className="mt-1 space-y-0.5 text-xs text-slate-700 dark:text-slate-300">
        {unmet.map((item, i) => (
          <li key={`${item.gate}-${item.subject ?? i}`}>
            <span aria-hidden>○ </span>
            {item.reason}
            {item.clearedBy && item.clearedBy !== "time" ? <span className="text-slate-500"> — {item.clearedBy}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
