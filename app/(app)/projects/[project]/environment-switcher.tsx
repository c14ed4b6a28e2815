"use client";

import type { Card, Column } from "./board-types";

/** On a phone the board shows one environment at a time; this chooses which. */
export function EnvironmentSwitcher({
  columns,
  value,
  onChange,
  filter,
}: {
  columns: Column[];
  value: string | undefined;
  onChange: (slug: string) => void;
  filter: ((card: Card) => boolean) | null;
}) {
  return (
    <label className="mb-3 flex items-center gap-2 text-sm sm:hidden">
      <span className="font-medium">Environment</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="min-w-0 flex-1 rounded-md border border-ink-300 bg-white px-2 py-1.5 dark:border-ink-700 dark:bg-ink-900"
      >
        {columns.map((c) => (
          <option key={c.environment.slug} value={c.environment.slug}>
            {c.environment.name} ({filter ? c.cards.filter(filter).length : c.cards.length})
          </option>
        ))}
      </select>
    </label>
  );
}
