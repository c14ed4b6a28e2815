"use client";

import { formatDistanceToNowStrict } from "date-fns";
import { useEffect, useState } from "react";

/** "3 hours", kept fresh; the title has the exact time for whoever needs it. */
export function RelativeTime({ date, suffix = false }: { date: Date; suffix?: boolean }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()} suppressHydrationWarning>
      {formatDistanceToNowStrict(date, { addSuffix: suffix })}
    </time>
  );
}
