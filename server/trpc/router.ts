import { createCallerFactory, router } from "./init";
import { boardRouter } from "./routers/board";
import { movesRouter } from "./routers/moves";
import { accountRouter } from "./routers/account";
import { settingsRouter } from "./routers/settings";

export const appRouter = router({
  board: boardRouter,
  moves: movesRouter,
  account: accountRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
