import { performance } from "node:perf_hooks";
import { createCaller } from "../server/trpc/router";
import { listActivity } from "../server/queries/activity";
import type { Actor } from "../server/domain/permissions";
import { freshDatabase, time } from "./setup";
import { scale, seedScale } from "./scale";
import { liveParts } from "../server/runtime";

const viewer: Actor = { type: "user", id: "bench-viewer", name: "Viewer", role: "viewer" };

/** Server time of the board and release procedures, and of activity pages, on a project at scale. */
export async function benchBoard(iterations: number) {
  const { db } = await freshDatabase("board");
  const t0 = performance.now();
  const { project, activeVersion } = await seedScale(db);
  const seedSeconds = (performance.now() - t0) / 1000;
  db.$client.pragma("optimize");
  const caller = createCaller({ db, ...liveParts(db), actor: viewer });
  const board = await caller.board.board({ project });
  const cards = board.columns.reduce((n, c) => n + c.cards.length, 0);
  const boardTimes = await time(iterations, () => caller.board.board({ project }), 20);
  const releaseTimes = await time(iterations, () => caller.board.release({ project, version: activeVersion }), 20);
  // A page deep into the log, with a filter that matches a third of it.
  const deep = (await listActivity(db, { project }, { limit: 50_000 })).nextCursor;
  const activityTimes = await time(
    iterations,
    () => caller.activity.list({ project, actor: "bench-ana", cursor: deep }),
    20,
  );
  db.$client.close();
  return { seedSeconds, cards, board: boardTimes, release: releaseTimes, activity: activityTimes, scale };
}
