import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { getBoard } from "./board";
import { givenProject } from "../testing/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

it("shows a freeze due within 7 days in its column, and when a frozen card will auto-promote", async () => {
  // Friday 2026-06-05 10:00 London (BST) = 09:00 UTC.
  const now = new Date("2026-06-05T09:00:00Z");
  const ctx = testContext(t.db, userActor("admin", "Ada"), now);
  await givenProject(ctx, { slug: "shop", name: "Shop" }, [
    { slug: "staging", name: "Staging" },
    {
      slug: "production",
      name: "Production",
      autoPromote: true,
      freezeWindows: [
        { weekly: ["fri"], from: "15:00", to: "23:59", timeZone: "Europe/London", reason: "weekend" },
        { from: "2026-06-05T08:00:00Z", to: "2026-06-05T12:00:00Z" },
      ],
    },
  ]);
  await createRelease({ ctx, input: { project: "shop", version: "1.0.0" } });
  const board = await getBoard(t.db, "shop", now);
  const production = board.columns[1]!;
  expect(production.freeze?.until).toBe("Fri 12:00 UTC");
  expect(production.upcomingFreeze).toMatchObject({
    label: "Fri 15:00–24:00 Europe/London",
    reason: "weekend",
    startsAt: new Date("2026-06-05T14:00:00Z"),
  });
  expect(board.columns[0]!.cards[0]!.autoPromotes).toEqual({
    at: new Date("2026-06-05T12:00:00Z"),
    label: "auto-promotes Fri 12:00 UTC, when the freeze ends",
  });
});

it("marks a card held after a rollback, and one older than the live release", async () => {
  const ctx = testContext(t.db, userActor("release_manager", "Rita Patel"));
  await givenProject({ ...ctx, actor: userActor("admin") }, { slug: "shop", name: "Shop" }, [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  await createRelease({ ctx, input: { project: "shop", version: "2.0.0" } });
  await moveRelease({ ctx, input: { project: "shop", version: "2.0.0", to: "production" } });
  await createRelease({ ctx, input: { project: "shop", version: "1.9.0" } });
  await moveRelease({ ctx, input: { project: "shop", version: "2.0.0", to: "staging", reason: "bad smoke" } });
  const staging = (await getBoard(t.db, "shop")).columns[0]!;
  const held = staging.cards.find((c) => c.version === "2.0.0")!;
  expect(held.held).toMatchObject({
    by: "Rita Patel",
    reason: "bad smoke",
    label: "Held after rollback by Rita Patel: bad smoke",
  });
  expect(held.olderThan).toBeNull();
  await moveRelease({ ctx, input: { project: "shop", version: "2.0.0", to: "production" } });
  const older = (await getBoard(t.db, "shop")).columns[0]!.cards.find((c) => c.version === "1.9.0")!;
  expect(older.olderThan).toEqual({ version: "2.0.0", live: true });
  expect(older.next?.allMet).toBe(false);
});
