import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";
import { buttonVariants } from "@/app/_components/ui/button";

/** What the release page's status line says after an action: done, or refused and why. */
export type Said = { tone: "done" | "refused"; text: string } | null;

/** The server's refusal in full: its message and, for gates, each reason. */
export function refusal(what: string, error: TRPCClientErrorLike<AppRouter>): string {
  const gates = error.data?.domain?.gates?.filter((g) => !g.met).map((g) => g.reason) ?? [];
  const field = error.data?.domain?.fields?.[0]?.message;
  return `${what}: ${field ?? error.message}${gates.length ? ` (${gates.join("; ")})` : ""}`;
}

export const primary = buttonVariants({ variant: "primary", size: "lg" });
export const secondary = buttonVariants({ variant: "secondary", size: "lg" });
export const danger = buttonVariants({ variant: "dangerOutline", size: "lg" });
export const approve = buttonVariants({ variant: "approve", size: "lg" });
