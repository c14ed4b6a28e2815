import { format } from "date-fns";
import { TZDate } from "@date-fns/tz";

/** "Tue 2 Dec 14:00 UTC": a moment as the history views show it, in one stated time zone. */
export function moment(at: Date): string {
  return `${format(new TZDate(at, "UTC"), "EEE d MMM HH:mm")} UTC`;
}

/** "3 d 4 h", "2 h 5 min", "40 s": how long something lasted, to the two largest units. */
export function span(ms: number): string {
  const units: [string, number][] = [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["min", 60_000],
    ["s", 1_000],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}`);
    else if (parts.length) break;
    if (parts.length === 2) break;
  }
  return parts.join(" ") || "0 s";
}

export const arrivedAs: Record<string, string> = {
  create: "created",
  promote: "promoted",
  "auto-promote": "auto-promoted",
  rollback: "rolled back",
  supersede: "superseded",
  abandon: "abandoned",
};
