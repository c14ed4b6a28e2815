import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

export type BoardData = inferRouterOutputs<AppRouter>["board"]["board"];
export type Column = BoardData["columns"][number];
export type Card = Column["cards"][number];
