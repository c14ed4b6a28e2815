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
export const primary = `${button} bg-indigo-600 text-white hover:bg-indigo-700`;
export const secondary = `${button} border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;
export const danger = `${button} border border-red-300 bg-white text-red-800 hover:bg-red-50 dark:border-red-800 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950`;
