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
  elite: "bg-success-100 text-success-900 dark:bg-success-950 dark:text-success-200",
  high: "bg-info-100 text-info-900 dark:bg-info-950 dark:text-info-200",
  medium: "bg-warning-100 text-warning-900 dark:bg-warning-950 dark:text-warning-200",
  low: "bg-danger-100 text-danger-900 dark:bg-danger-950 dark:text-danger-200",
};
