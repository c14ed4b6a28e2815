import { TZDate } from "@date-fns/tz";

export const weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type WeekdayName = (typeof weekdayNames)[number];

export type OnceFreeze = { kind: "once"; startsAt: Date; endsAt: Date; reason?: string | null };
export type WeeklyFreeze = {
  kind: "weekly";
  days: WeekdayName[];
  /** "HH:MM" local time in timeZone. */
  from: string;
  /** "HH:MM"; "23:59" and "24:00" mean the end of the day; earlier than from means the next day. */
  to: string;
  timeZone: string;
  reason?: string | null;
};
export type FreezeSpec = OnceFreeze | WeeklyFreeze;

export type ActiveFreeze = { window: FreezeSpec; endsAt: Date };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  const minutes = (h ?? 0) * 60 + (m ?? 0);
  return minutes >= 23 * 60 + 59 ? 24 * 60 : minutes;
}

/** The local wall-clock instant `minutes` after midnight of the given local day, as a real instant. */
function localInstant(day: TZDate, minutes: number, timeZone: string): Date {
  const d = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), 0, 0, timeZone);
  d.setMinutes(minutes);
  return new Date(d.getTime());
}

function shiftDays(day: TZDate, by: number, timeZone: string): TZDate {
  return new TZDate(day.getFullYear(), day.getMonth(), day.getDate() + by, 12, 0, timeZone);
}

/**
 * When the weekly window that covers `now` ends, or null if none does. Wall-clock times
 * are resolved in the window's time zone by @date-fns/tz, so a DST change moves the
 * window with local time, as people expect ("Fridays from 15:00 London time").
 */
function weeklyEnd(window: WeeklyFreeze, now: Date): Date | null {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  const today = new TZDate(now.getTime(), window.timeZone);
  // A window that starts on day d may still be running today (d = today) or, when it
  // crosses midnight, since yesterday (d = today - 1).
  for (const offset of [0, -1]) {
    const day = shiftDays(today, offset, window.timeZone);
    if (!window.days.includes(weekdayNames[day.getDay()]!)) continue;
    const start = localInstant(day, from, window.timeZone);
    const end =
      to > from
        ? localInstant(day, to, window.timeZone)
        : localInstant(shiftDays(day, 1, window.timeZone), to, window.timeZone);
    if (start.getTime() <= now.getTime() && now.getTime() < end.getTime()) return end;
  }
  return null;
}

function windowEnd(window: FreezeSpec, now: Date): Date | null {
  if (window.kind === "once") {
    return window.startsAt.getTime() <= now.getTime() && now.getTime() < window.endsAt.getTime() ? window.endsAt : null;
  }
  return weeklyEnd(window, now);
}

/**
 * The freeze in force at `now`, if any, with the moment the environment really opens
 * again: windows that touch or overlap (Friday evening, then the weekend) are followed
 * through to the last one.
 */
export function activeFreeze(windows: FreezeSpec[], now: Date): ActiveFreeze | null {
  const latestEnd = (at: Date): ActiveFreeze | null =>
    windows.reduce<ActiveFreeze | null>((best, window) => {
      const end = windowEnd(window, at);
      return end && (!best || end.getTime() > best.endsAt.getTime()) ? { window, endsAt: end } : best;
    }, null);
  const first = latestEnd(now);
  if (!first) return null;
  let endsAt = first.endsAt;
  for (let hops = 0; hops < 32; hops++) {
    const following = latestEnd(endsAt);
    if (!following || following.endsAt.getTime() <= endsAt.getTime()) break;
    endsAt = following.endsAt;
  }
  return { window: first.window, endsAt };
}

export type UpcomingFreeze = { window: FreezeSpec; startsAt: Date; endsAt: Date };

/** When a window next starts after `now`, within `horizonMs`. */
function nextStart(window: FreezeSpec, now: Date, horizonMs: number): Date | null {
  const limit = now.getTime() + horizonMs;
  if (window.kind === "once") {
    const t = window.startsAt.getTime();
    return t > now.getTime() && t <= limit ? window.startsAt : null;
  }
  const today = new TZDate(now.getTime(), window.timeZone);
  const days = Math.ceil(horizonMs / 86_400_000);
  for (let offset = 0; offset <= days; offset++) {
    const day = shiftDays(today, offset, window.timeZone);
    if (!window.days.includes(weekdayNames[day.getDay()]!)) continue;
    const start = localInstant(day, minutesOf(window.from), window.timeZone);
    if (start.getTime() > now.getTime()) return start.getTime() <= limit ? start : null;
  }
  return null;
}

/**
 * The next freeze that starts after `now` and within `horizonMs` (7 days by default), with
 * when the environment opens again: what a column shows before the freeze begins.
 */
export function upcomingFreeze(windows: FreezeSpec[], now: Date, horizonMs = 7 * 86_400_000): UpcomingFreeze | null {
  let best: { window: FreezeSpec; startsAt: Date } | null = null;
  for (const window of windows) {
    const startsAt = nextStart(window, now, horizonMs);
    if (startsAt && (!best || startsAt.getTime() < best.startsAt.getTime())) best = { window, startsAt };
  }
  if (!best) return null;
  const active = activeFreeze(windows, best.startsAt);
  return active ? { window: best.window, startsAt: best.startsAt, endsAt: active.endsAt } : null;
}
