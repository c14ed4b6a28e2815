"use client";

import dynamic from "next/dynamic";
import { useId } from "react";
import { useMediaQuery } from "@/app/_components/use-media-query";
import type { Card, Column } from "./board-types";

// Radix's select is loaded only on a phone, where the picker shows (the board's JavaScript budget, BENCHMARKS.md).
const Select = dynamic(() => import("@/app/_components/ui/select").then((m) => m.Select));

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
  const phone = useMediaQuery("(max-width: 639.98px)");
  if (!phone) return null;
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
