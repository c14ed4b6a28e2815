import type { Level } from "@/server/domain/insights";

/** Seconds as people read a duration: "45 s", "12 min", "3.5 h", "2.1 d". */
export function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86_400)} d`;
}

const round = (n: number) => (n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, ""));

export const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 1000) / 10} %`);

export const perWeek = (perDay: number) => round(perDay * 7);

export const levelLabel: Record<Level, string> = { elite: "Elite", high: "High", medium: "Medium", low: "Low" };

export const levelClass: Record<Level, string> = {
  elite: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  high: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  medium: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  low: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};
