"use client";

import * as ToggleGroupPrimitive from "radix-ui/toggle-group";
import { cn } from "./cn";

/**
 * One of a few modes, side by side (a segmented control), on Radix: one tab stop, arrows move
 * between the items, each item says whether it is on (role radio and aria-checked).
 */
export function ToggleGroup({
  className,
  value,
  onValueChange,
  children,
  ...props
}: {
  className?: string;
  /** The mode that is on. */
  value: string;
  /** Called with the mode chosen; choosing the one that is on again leaves it on. */
  onValueChange?: (value: string) => void;
  children: React.ReactNode;
  "aria-label": string;
}) {
  return (
    <ToggleGroupPrimitive.Root
      type="single"
      value={value}
      onValueChange={(next) => {
        if (next) onValueChange?.(next);
      }}
      className={cn("inline-flex gap-0.5 rounded-lg border border-line bg-raised p-0.5", className)}
      {...props}
    >
      {children}
    </ToggleGroupPrimitive.Root>
  );
}

export function ToggleGroupItem({ className, ...props }: React.ComponentProps<typeof ToggleGroupPrimitive.Item>) {
  return (
    <ToggleGroupPrimitive.Item
      className={cn(
        "rounded-md px-2.5 py-1 text-sm font-medium text-ink-700 tabular-nums hover:text-fg focus-visible:outline-2 focus-visible:outline-accent-600 data-[state=on]:bg-surface data-[state=on]:text-fg data-[state=on]:shadow-sm dark:text-ink-300 dark:focus-visible:outline-accent-400",
        className,
      )}
      {...props}
    />
  );
}
