/**
 * Replay bounds for CI and deploy events that carry no signed timestamp (README: Replays).
 * An event names its run (`github:workflow_run:42`), the attempt of that run and when it
 * happened; an event that is not newer than what is already recorded for the same run is
 * stale: it is logged, never taken as the check's or the deploy's state.
 */
export type RunPosition = {
  /** The run, system-qualified: "github:workflow_run:289782451", "gitlab:pipeline:31". */
  key: string;
  /** The attempt (GitHub's run_attempt), or another counter that only grows within the run. */
  attempt: number;
  /** When the event happened, as the system says; null when it does not say. */
  at: Date | null;
};

export type RecordedPosition = { attempt: number | null; at: Date | null };

/**
 * Is `incoming` stale against what was recorded last for the same run? A later attempt is
 * newer; within an attempt, a later time is. An event no newer than the recorded one (the
 * same event again, under a fresh delivery id) is stale too.
 */
export function isStale(recorded: RecordedPosition | null | undefined, incoming: RunPosition): boolean {
  if (!recorded) return false;
  const attempt = recorded.attempt ?? 0;
  if (incoming.attempt !== attempt) return incoming.attempt < attempt;
  if (!recorded.at || !incoming.at) return !!recorded.at || !incoming.at;
  return incoming.at.getTime() <= recorded.at.getTime();
}

/** A stored row's position: its attempt and its event time in milliseconds. */
export const recordedPosition = (row: { runAttempt: number | null; eventAt: number | null }): RecordedPosition => ({
  attempt: row.runAttempt,
  at: row.eventAt === null ? null : new Date(row.eventAt),
});

/** A time a CI payload gives ("2016-08-12 15:26:29 UTC", ISO 8601), or null when it is missing or unreadable. */
export function eventTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(value)
    ? value
        .replace(" ", "T")
        .replace(/ UTC$/, "Z")
        .replace(/ ([+-]\d{2})(\d{2})$/, "$1:$2")
    : value;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time);
}
