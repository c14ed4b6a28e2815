/**
 * Whether the server said it could not write (README: Faults): a tRPC call answered
 * SERVICE_UNAVAILABLE. The query client's caches report here (query-client.ts) and the
 * banner (app/_components/unavailable-banner.tsx) shows it until a write succeeds. Forms
 * keep what was typed: they clear only on success.
 */
export type Notice = { message: string } | null;

let notice: Notice = null;
const listeners = new Set<() => void>();
const set = (next: Notice) => {
  notice = next;
  for (const listener of listeners) listener();
};

/** Does this error mean the server could not write, and nothing was kept? */
export function isUnavailable(error: unknown): error is Error {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return error instanceof Error && data?.code === "SERVICE_UNAVAILABLE";
}

export const reportUnavailable = (error: unknown) => {
  if (isUnavailable(error)) set({ message: error.message });
};
export const clearUnavailable = () => {
  if (notice) set(null);
};

/** For useSyncExternalStore (the banner): listen for changes, and read the notice now. */
export function subscribeUnavailable(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export const currentUnavailable = (): Notice => notice;
