"use client";

import * as PopoverPrimitive from "radix-ui/popover";
import { cn } from "./cn";

/** A panel anchored to its trigger, on Radix (focus moves in and back, Escape and outside click close). */
export const Popover = PopoverPrimitive.Root;
export const PopoverTrigger = PopoverPrimitive.Trigger;

export function PopoverContent({ className, ...props }: React.ComponentProps<typeof PopoverPrimitive.Content>) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content
        sideOffset={6}
        className={cn("z-50 w-72 rounded-lg border border-line bg-surface p-3 text-sm text-fg shadow-lg", className)}
        {...props}
      />
    </PopoverPrimitive.Portal>
  );
}
