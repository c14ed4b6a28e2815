"use client";

import { useId } from "react";
import { Select } from "@/app/_components/ui/select";
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
  const id = useId();
  return (
    <div className="mb-3 flex items-center gap-2 text-sm sm:hidden">
      <label htmlFor={id} className="font-medium">
        Environment
      </label>
      <Select
        id={id}
        value={value ?? ""}
        onValueChange={onChange}
        className="flex-1"
        options={columns.map((c) => {
          const label = `${c.environment.name} (${filter ? c.cards.filter(filter).length : c.cards.length})`;
          return { value: c.environment.slug, label, textValue: label };
        })}
      />
    </div>
  );
}
