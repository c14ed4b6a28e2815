import { createCallerFactory, router } from "./init";
import { boardRouter } from "./routers/board";
import { movesRouter } from "./routers/moves";

export const appRouter = router({
  board: boardRouter,
  moves: movesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
