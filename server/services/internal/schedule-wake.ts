/**
 * In-process news for the scheduler: a promotion was scheduled (or cancelled), so the
 * next wake-up may need to be sooner. Writes from other processes (the CLI) are still
 * found by the scheduler's periodic look at the database.
 */
type Listener = (at: Date) => void;
const listeners = new Set<Listener>();

export function onScheduleChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function scheduleChanged(at: Date): void {
  for (const listener of listeners) listener(at);
}
