"use client";

import { formatDistanceToNowStrict } from "date-fns";
import { useEffect, useState, useSyncExternalStore } from "react";

/** "Sun, 29 Nov 2026, 18:05 GMT": the exact moment, in the reader's time zone. */
export function absoluteTime(date: Date): string {
  return date.toLocaleString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZoneName: "short",
  });
}

const noSubscription = () => () => {};

/**
 * "3 hours ago", kept fresh, with the exact time on hover and in `dateTime`. The title is
 * written once in the browser: the server's rendering is in the server's time zone, and
 * React keeps a mismatched attribute from the server after hydration.
 */
export function RelativeTime({ date, suffix = false }: { date: Date; suffix?: boolean }) {
  const [, tick] = useState(0);
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const at = date.getTime();
  useEffect(() => {
    // Every second while it counts seconds ("Deploying… · 12 seconds"), then every 30 s.
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      timer = setTimeout(
        () => {
          tick((n) => n + 1);
          next();
        },
        Math.abs(Date.now() - at) < 60_000 ? 1_000 : 30_000,
      );
    };
    next();
    return () => clearTimeout(timer);
  }, [at]);
  return (
    <time
      dateTime={date.toISOString()}
      title={inBrowser ? absoluteTime(date) : date.toISOString()}
      suppressHydrationWarning
    >
      {formatDistanceToNowStrict(date, { addSuffix: suffix })}
    </time>
  );
}
