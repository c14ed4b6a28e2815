"use client";

import { useRef, useState } from "react";
import { cn } from "./cn";

/**
 * A preview that opens while its trigger is hovered or keyboard-focused and closes on leaving
 * it or on Escape. It only repeats what the trigger's target shows in full, so nothing is
 * reachable through it alone; it is drawn only while open. No positioning library: it opens
 * under its trigger, as wide as its container (the board's first load stays small).
 */
export function Preview({
  trigger,
  children,
  className,
}: {
  trigger: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const show = (delay: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setOpen(true), delay);
  };
  const hide = () => {
    clearTimeout(timer.current);
    setOpen(false);
  };
  return (
    <span
      className="min-w-0"
      onPointerEnter={(e) => e.pointerType === "mouse" && show(450)}
      onPointerLeave={hide}
      onFocus={(e) => e.target.matches(":focus-visible") && show(0)}
      onBlur={hide}
      onKeyDown={(e) => e.key === "Escape" && hide()}
    >
      {trigger}
      {open && (
        <span
          className={cn(
            "absolute inset-x-0 top-full z-30 mt-1 block rounded-lg border border-line bg-surface p-3 text-sm text-fg shadow-lg motion-safe:animate-settle",
            className,
          )}
        >
          {children}
        </span>
      )}
    </span>
  );
}
