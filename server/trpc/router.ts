import { createCallerFactory, router } from "./init";
import { boardRouter } from "./routers/board";
import { movesRouter } from "./routers/moves";
import { accountRouter } from "./routers/account";

export const appRouter = router({
  board: boardRouter,
  moves: movesRouter,
  account: accountRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
