/**
 * In-process news for the scheduler: a promotion was scheduled, so the next wake-up may
 * need to be sooner. The listeners live on globalThis because Next bundles the tRPC routes
 * apart from server/main.ts: two copies of this module, one process, one scheduler.
 * Writes from other processes (the CLI) are still found by the scheduler's periodic look.
 */
type Listener = (at: Date) => void;
declare global {
  var releaseboardScheduleWake: Set<Listener> | undefined;
}
const listeners = (globalThis.releaseboardScheduleWake ??= new Set<Listener>());

export function onScheduleChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function scheduleChanged(at: Date): void {
  for (const listener of listeners) listener(at);
}
