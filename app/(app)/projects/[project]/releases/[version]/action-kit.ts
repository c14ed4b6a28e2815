import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";
import { disabledLook } from "@/app/_components/form";

/** What the release page's status line says after an action: done, or refused and why. */
export type Said = { tone: "done" | "refused"; text: string } | null;

/** The server's refusal in full: its message and, for gates, each reason. */
export function refusal(what: string, error: TRPCClientErrorLike<AppRouter>): string {
  const gates = error.data?.domain?.gates?.filter((g) => !g.met).map((g) => g.reason) ?? [];
  const field = error.data?.domain?.fields?.[0]?.message;
  return `${what}: ${field ?? error.message}${gates.length ? ` (${gates.join("; ")})` : ""}`;
}

export const button = `rounded-md px-3 py-2 text-sm font-semibold ${disabledLook}`;
export const primary = `${button} bg-accent-600 text-white hover:bg-accent-700`;
export const secondary = `${button} border border-ink-300 bg-white text-ink-900 hover:bg-ink-100 dark:border-ink-700 dark:bg-ink-900 dark:text-ink-100 dark:hover:bg-ink-800`;
export const danger = `${button} border border-danger-300 bg-white text-danger-800 hover:bg-danger-50 dark:border-danger-800 dark:bg-ink-900 dark:text-danger-300 dark:hover:bg-danger-950`;
