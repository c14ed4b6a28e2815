import { cn } from "./cn";

/** A placeholder of the shape that is loading; it pulses only for those who allow motion. */
export function Skeleton({ className }: { className?: string }) {
  return (
    <div aria-hidden className={cn("rounded-md bg-ink-200 motion-safe:animate-pulse dark:bg-ink-800", className)} />
  );
}
