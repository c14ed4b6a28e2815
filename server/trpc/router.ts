import { createCallerFactory, router } from "./init";
import { boardRouter } from "./routers/board";
import { movesRouter } from "./routers/moves";
import { accountRouter } from "./routers/account";
import { settingsRouter } from "./routers/settings";
import { activityRouter } from "./routers/activity";
import { projectsRouter } from "./routers/projects";
import { peopleRouter } from "./routers/people";

export const appRouter = router({
  board: boardRouter,
  moves: movesRouter,
  account: accountRouter,
  settings: settingsRouter,
  activity: activityRouter,
  projects: projectsRouter,
  people: peopleRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
