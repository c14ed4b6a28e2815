import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createRelease } from "../services/create-release";
import { recordCheckResult } from "../services/record-check-result";
import { createCaller } from "../trpc/router";
import { liveParts } from "../runtime";
import { getBoard } from "./board";
import { BoardSnapshots, snapshotMaxAgeMs } from "./board-snapshots";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

it("computes a project's board once per change for every viewer, whatever their role, and never serves it stale", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "day", [
    { slug: "dev", name: "Dev" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
  ]);
  await givenProject(ctx, "other", [{ slug: "dev", name: "Dev" }]);
  await createRelease({ ctx, input: { project: "day", version: "1.0" } });
  const parts = liveParts(t.db);
  const roles = ["viewer", "business_owner", "release_manager", "admin"] as const;
  const callers = Array.from({ length: 50 }, (_, i) =>
    createCaller({ db: t.db, ...parts, actor: userActor(roles[i % roles.length]!, `P${i}`, `user-${i}`) }),
  );
  const everyone = () => Promise.all(callers.map((caller) => caller.board.board({ project: "day" })));

  const first = await everyone();
  expect(parts.boards.computations).toBe(1);
  // One object for everyone, frozen, so tRPC serializes it once (server/trpc/init.ts).
  expect(new Set(first).size).toBe(1);
  expect(Object.isFrozen(first[0])).toBe(true);

  await recordCheckResult({
    ctx,
    input: { project: "day", version: "1.0", environment: "dev", check: "unit", status: "passed" },
  });
  const second = await everyone();
  expect(parts.boards.computations).toBe(2);
  expect(second[0]!.asOfEvent).toBeGreaterThan(first[0]!.asOfEvent);
  // The snapshot is the board as it now is (bar the moment it was made).
  const fresh = await getBoard(t.db, "day", second[0]!.generatedAt);
  expect({ ...second[0]!, asOfEvent: undefined }).toEqual({ ...fresh, asOfEvent: undefined });
  expect(second[0]!.columns[0]!.cards[0]!.next?.allMet).toBe(true);

  // Another project's change does not throw this one's snapshot away.
  await createRelease({ ctx, input: { project: "other", version: "9.0" } });
  await everyone();
  expect(parts.boards.computations).toBe(2);
  expect(parts.boards.served).toBe(150);
});

it("computes the board again once a snapshot is older than its maximum age, for what changes with time alone", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "day", [{ slug: "dev", name: "Dev" }]);
  const boards = new BoardSnapshots();
  const start = new Date("2026-12-07T10:00:00Z");
  await boards.get(t.db, "day", start);
  await boards.get(t.db, "day", new Date(start.getTime() + snapshotMaxAgeMs - 1));
  expect(boards.computations).toBe(1);
  const later = await boards.get(t.db, "day", new Date(start.getTime() + snapshotMaxAgeMs));
  expect(boards.computations).toBe(2);
  expect(later.generatedAt).toEqual(new Date(start.getTime() + snapshotMaxAgeMs));
});
