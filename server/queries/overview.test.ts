import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { seedDemo } from "../demo/seed";
import { lockEnvironment } from "../services/lock-environment";
import { getBoard } from "./board";
import { getOverview } from "./overview";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

/** The overview as it was first written: a whole board per project, summarised. The reference. */
async function overviewFromBoards(now: Date) {
  return await Promise.all(
    (await getOverview(t.db, now)).map(async ({ project }) => {
      const board = await getBoard(t.db, project.slug, now);
      return {
        project: board.project,
        environments: board.columns.map((column) => {
          const newest =
            column.cards.find((c) => !c.deploy || c.deploy.phase === "deployed") ?? column.cards[0] ?? null;
          return {
            slug: column.environment.slug,
            name: column.environment.name,
            release: newest ? { version: newest.version, since: newest.enteredAt } : null,
            others: Math.max(0, column.cards.length - 1),
            waitingForSignoff: column.cards.filter((c) => c.next?.items.some((i) => i.gate === "signoffs" && !i.met))
              .length,
            blocked: column.cards.filter(
              (c) => c.next && !c.next.allMet && c.next.failing.some((g) => g !== "signoffs"),
            ).length,
            locked: column.lock !== null,
            frozen: column.freeze !== null,
          };
        }),
      };
    }),
  );
}

it("reads all projects at once and says what a board per project says", async () => {
  const now = new Date();
  await seedDemo(t.db, now);
  const ctx = testContext(t.db, userActor("admin"), now);
  const first = (await getOverview(t.db, now))[0]!;
  await lockEnvironment({
    ctx,
    input: { project: first.project.slug, environment: first.environments.at(-1)!.slug, reason: "Incident" },
  });

  const overview = await getOverview(t.db, now);
  expect(overview.length).toBeGreaterThanOrEqual(3);
  expect(overview).toEqual(await overviewFromBoards(now));
  // The demo has something in every state the overview counts.
  const cells = overview.flatMap((p) => p.environments);
  expect(cells.some((c) => c.release)).toBe(true);
  expect(cells.some((c) => c.waitingForSignoff > 0)).toBe(true);
  expect(cells.some((c) => c.blocked > 0)).toBe(true);
  expect(overview[0]!.environments.at(-1)!.locked).toBe(true);
});
