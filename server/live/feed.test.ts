import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { applyPipeline } from "../services/apply-pipeline";
import { createRelease } from "../services/create-release";
import { recordCheckResult } from "../services/record-check-result";
import { createCaller } from "../trpc/router";
import type { LiveEvent } from "./feed";
import { givenProject } from "../testing/fixtures";

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

it("streams a project's changes as they happen, and a reconnecting client catches up on what it missed", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  givenProject(ctx, { slug: "live", name: "Live" }, [
    { slug: "dev", name: "Dev" },
    { slug: "qa", name: "QA" },
  ]);
  applyPipeline({
    ctx,
    input: { project: "elsewhere", name: "Elsewhere", environments: [{ slug: "dev", name: "Dev" }] },
  });
  const caller = createCaller({ db: t.db, actor: userActor("viewer") });

  const first = await caller.board.events({ project: "live" });
  const seen: { id: string; summary: string }[] = [];
  const reading = (async () => {
    for await (const event of first) {
      // A direct caller gets tracked() envelopes as they are: [id, data].
      const [id, data] = event as unknown as [string, LiveEvent];
      seen.push({ id, summary: data.summary });
      if (seen.length === 2) break;
    }
  })();
  createRelease({ ctx, input: { project: "elsewhere", version: "x" } });
  createRelease({ ctx, input: { project: "live", version: "1.0" } });
  recordCheckResult({
    ctx,
    input: { project: "live", version: "1.0", environment: "dev", check: "unit", status: "passed" },
  });
  await reading;
  expect(seen.map((e) => e.summary)).toEqual(["admin user created 1.0 in Dev", "check unit passed for 1.0 in Dev"]);

  // The connection drops; two more changes happen; the client comes back with its last id.
  recordCheckResult({
    ctx,
    input: { project: "live", version: "1.0", environment: "dev", check: "lint", status: "failed" },
  });
  createRelease({ ctx, input: { project: "live", version: "1.1" } });
  const resumed = await caller.board.events({ project: "live", lastEventId: seen[1]!.id });
  const caught: string[] = [];
  for await (const event of resumed) {
    caught.push((event as unknown as [string, LiveEvent])[1].summary);
    if (caught.length === 2) break;
  }
  expect(caught).toEqual(["check lint failed for 1.0 in Dev", "admin user created 1.1 in Dev"]);
});

it("pushes a change made in this process at once, without waiting for the slow poll", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  applyPipeline({ ctx, input: { project: "live", name: "Live", environments: [{ slug: "dev", name: "Dev" }] } });
  const caller = createCaller({ db: t.db, actor: userActor("viewer") });
  const events = await caller.board.events({ project: "live" });
  const iterator = events[Symbol.asyncIterator]();
  const first = iterator.next();
  // Let the subscription reach its wait before writing.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const written = performance.now();
  createRelease({ ctx, input: { project: "live", version: "2.0" } });
  const event = await first;
  const latency = performance.now() - written;
  await iterator.return?.(undefined);
  expect((event.value as unknown as [string, LiveEvent])[1].summary).toBe("admin user created 2.0 in Dev");
  // The poll for other processes' writes runs every 2 s; a push arrives well before it.
  expect(latency).toBeLessThan(1_000);
});
