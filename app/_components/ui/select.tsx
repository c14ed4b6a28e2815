"use client";

import * as SelectPrimitive from "radix-ui/select";
import { Check, ChevronDown } from "lucide-react";
import { cn } from "./cn";

export type SelectOption = { value: string; label: React.ReactNode; textValue?: string };

/**
 * A choice from a short list that changes what the page shows, on Radix (combobox and listbox roles,
 * arrows, typeahead, Escape). Its label is `aria-label` or a `<label htmlFor={id}>`. Inside a form that
 * submits with the page (no script), keep a native <select>: this one posts only through a hidden input.
 */
export function Select({
  id,
  value,
  onValueChange,
  options,
  disabled,
  className,
  "aria-label": ariaLabel,
}: {
  id?: string;
  value: string;
  onValueChange: (value: string) => void;
  options: SelectOption[];
  disabled?: boolean;
  className?: string;
  "aria-label"?: string;
}) {
  return (
    <SelectPrimitive.Root value={value} onValueChange={onValueChange} disabled={disabled}>
      <SelectPrimitive.Trigger
        id={id}
        aria-label={ariaLabel}
        className={cn(
          "inline-flex h-8 min-w-0 items-center justify-between gap-2 rounded-md border border-ink-300 bg-surface px-2 text-left text-sm text-fg shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent-600 disabled:cursor-not-allowed disabled:opacity-60 dark:border-ink-700 dark:focus-visible:outline-accent-400",
          className,
        )}
      >
        <span className="truncate">
          <SelectPrimitive.Value />
        </span>
        <SelectPrimitive.Icon>
          <ChevronDown aria-hidden className="size-4 shrink-0 text-muted" />
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-(--radix-select-content-available-height) min-w-(--radix-select-trigger-width) overflow-hidden rounded-lg border border-line bg-surface text-sm text-fg shadow-lg"
        >
          <SelectPrimitive.Viewport className="p-1">
            {options.map((option) => (
              <SelectPrimitive.Item
                key={option.value}
                value={option.value}
                textValue={option.textValue}
                className="relative flex cursor-default items-center rounded-md py-1.5 pr-2 pl-7 outline-none select-none data-[disabled]:opacity-60 data-[highlighted]:bg-raised"
              >
                <SelectPrimitive.ItemIndicator className="absolute left-2 inline-flex">
                  <Check aria-hidden className="size-4" />
                </SelectPrimitive.ItemIndicator>
                <SelectPrimitive.ItemText>{option.label}</SelectPrimitive.ItemText>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}
