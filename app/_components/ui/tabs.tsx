"use client";

import * as TabsPrimitive from "radix-ui/tabs";
import { cn } from "./cn";

/** Tabs on Radix (arrow keys, roving focus, the tab/tabpanel roles). */
export const Tabs = TabsPrimitive.Root;

export function TabsList({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.List>) {
  return (
    <TabsPrimitive.List
      className={cn("inline-flex gap-1 rounded-lg border border-line bg-raised p-0.5", className)}
      {...props}
    />
  );
}

export function TabsTrigger({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(
        "rounded-md px-3 py-1 text-sm font-medium text-ink-700 focus-visible:outline-2 focus-visible:outline-accent-600 data-[state=active]:bg-surface data-[state=active]:text-fg data-[state=active]:shadow-sm dark:text-ink-300",
        className,
      )}
      {...props}
    />
  );
}

export const TabsContent = TabsPrimitive.Content;
