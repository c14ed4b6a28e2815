import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createTestDb, onPostgres, testContext, userActor, type TestDb } from "../testing/test-db";
import { until } from "../testing/until";
import { applyPipeline } from "../services/apply-pipeline";
import { createRelease } from "../services/create-release";
import { recordCheckResult } from "../services/record-check-result";
import { createCaller } from "../trpc/router";
import { coalesceMs, LiveFeed, streamsPerPerson, type LiveUpdate } from "./feed";
import { givenProject } from "../testing/fixtures";
import { liveParts } from "../runtime";
import { DomainError } from "../errors";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const tick = () => new Promise((resolve) => setImmediate(resolve));
/** A few turns of the event loop: the feed's read after a commit, then the viewers' resumption. */
const settle = async () => {
  for (let i = 0; i < 3; i++) await tick();
};
const summaries = (updates: LiveUpdate[]) => updates.flatMap((u) => u.events.map((e) => e.summary));

/** Reads a stream's updates into `into` until `until` says stop (or the stream ends). */
async function collect(stream: AsyncIterable<unknown>, into: LiveUpdate[], until: () => boolean) {
  for await (const message of stream) {
    // A direct caller gets tracked() envelopes as they are: [id, data].
    const [id, update] = message as [string, LiveUpdate];
    expect(id).toBe(String(update.lastId));
    into.push(update);
    if (until()) break;
  }
}

it("streams a project's changes as they happen, and a reconnecting client catches up on what it missed", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, { slug: "live", name: "Live" }, [
    { slug: "dev", name: "Dev" },
    { slug: "qa", name: "QA" },
  ]);
  await applyPipeline({
    ctx,
    input: { project: "elsewhere", name: "Elsewhere", environments: [{ slug: "dev", name: "Dev" }] },
  });
  const caller = createCaller({ db: t.db, ...liveParts(t.db), actor: userActor("viewer") });

  const seen: LiveUpdate[] = [];
  const reading = collect(await caller.board.events({ project: "live" }), seen, () => summaries(seen).length >= 2);
  await tick();
  await createRelease({ ctx, input: { project: "elsewhere", version: "x" } });
  await createRelease({ ctx, input: { project: "live", version: "1.0" } });
  await recordCheckResult({
    ctx,
    input: { project: "live", version: "1.0", environment: "dev", check: "unit", status: "passed" },
  });
  await reading;
  expect(summaries(seen)).toEqual(["admin user created 1.0 in Dev", "check unit passed for 1.0 in Dev"]);
  // Events say what they concern, so a page can tell whether to refresh.
  expect(seen.flatMap((u) => u.events.map((e) => [e.kind, e.version]))).toEqual([
    ["release.created", "1.0"],
    ["check.recorded", "1.0"],
  ]);

  // The connection drops; two more changes happen; the client comes back with its last id.
  await recordCheckResult({
    ctx,
    input: { project: "live", version: "1.0", environment: "dev", check: "lint", status: "failed" },
  });
  await createRelease({ ctx, input: { project: "live", version: "1.1" } });
  const caught: LiveUpdate[] = [];
  await collect(
    await caller.board.events({ project: "live", lastEventId: String(seen.at(-1)!.lastId) }),
    caught,
    () => summaries(caught).length >= 2,
  );
  expect(summaries(caught)).toEqual(["check lint failed for 1.0 in Dev", "admin user created 1.1 in Dev"]);
});

it("pushes a change made in this process at once, without waiting for the slow poll", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await applyPipeline({ ctx, input: { project: "live", name: "Live", environments: [{ slug: "dev", name: "Dev" }] } });
  const caller = createCaller({ db: t.db, ...liveParts(t.db), actor: userActor("viewer") });
  const events = await caller.board.events({ project: "live" });
  const iterator = events[Symbol.asyncIterator]();
  const first = iterator.next();
  // Let the subscription reach its wait before writing.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const written = performance.now();
  await createRelease({ ctx, input: { project: "live", version: "2.0" } });
  const event = await first;
  const latency = performance.now() - written;
  await iterator.return?.(undefined);
  expect(summaries([(event.value as unknown as [string, LiveUpdate])[1]])).toEqual(["admin user created 2.0 in Dev"]);
  // The poll for other processes' writes runs every 2 s; a push arrives well before it.
  expect(latency).toBeLessThan(1_000);
});

// Twelve results in one turn share one commit only on SQLite (its group commit); Postgres commits each.
it.skipIf(onPostgres)(
  "sends a burst to every viewer as one update, the first change of a quiet spell at once and the rest of the window together",
  async () => {
    const ctx = testContext(t.db, userActor("admin"), new Date());
    await givenProject(ctx, "live", [{ slug: "dev", name: "Dev" }]);
    await createRelease({ ctx, input: { project: "live", version: "1.0" } });
    // The window's clock is faked, so "within the window" does not depend on how fast this machine writes.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const feed = new LiveFeed(t.db);
      const stop = new AbortController();
      const viewers = Array.from({ length: 3 }, () => [] as LiveUpdate[]);
      // Read on until the stop: waited for at the end, not here.
      const readers = viewers.map(async (updates, i) => {
        for await (const update of feed.subscribe(1, null, `user:${i}`, stop.signal)) updates.push(update);
      });
      await settle();
      const result = (check: string, status: "passed" | "failed") =>
        recordCheckResult({ ctx, input: { project: "live", version: "1.0", environment: "dev", check, status } });

      // A matrix of twelve results committed in one turn of the event loop: one update, sent at once.
      await Promise.all(Array.from({ length: 12 }, (_, i) => result(`leg-${i}`, "passed")));
      await settle();
      expect(viewers.map((u) => u.map((x) => x.events.length))).toEqual([[12], [12], [12]]);
      // Five more, each in a turn of its own, within the window that update opened: held together…
      for (let i = 0; i < 5; i++) {
        await result(`late-${i}`, "failed");
        await settle();
      }
      expect(viewers.map((u) => u.length)).toEqual([1, 1, 1]);
      // …and sent as one update when the window closes, `coalesceMs` after the first update at most.
      vi.advanceTimersByTime(coalesceMs);
      await settle();
      for (const updates of viewers) {
        expect(updates.map((u) => u.events.length)).toEqual([12, 5]);
        expect(summaries(updates).at(-1)).toBe("check late-4 failed for 1.0 in Dev");
        expect(updates.every((u) => !u.truncated && u.lastId === u.events.at(-1)!.id)).toBe(true);
      }
      expect(feed.openStreams).toBe(3);
      expect(feed.messagesSent).toBe(6);
      stop.abort();
      await Promise.all(readers);
      expect(feed.openStreams).toBe(0);
      feed.close();
    } finally {
      vi.useRealTimers();
    }
  },
);

it("refuses a person's stream beyond the limit with RATE_LIMITED, and takes one again once another closes", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "live", [{ slug: "dev", name: "Dev" }]);
  const feed = new LiveFeed(t.db);
  const open = Array.from({ length: streamsPerPerson }, () => {
    const stop = new AbortController();
    const iterator = feed.subscribe(1, null, "user:vi", stop.signal);
    return { stop, pending: iterator.next() };
  });
  await until(() => feed.openStreams === streamsPerPerson, 10_000);

  const refused = await feed
    .subscribe(1, null, "user:vi")
    .next()
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(DomainError);
  expect((refused as DomainError).code).toBe("RATE_LIMITED");
  expect((refused as DomainError).message).toMatch(/at most 20 per person/);
  // Someone else is not affected.
  const other = new AbortController();
  const othersStream = feed.subscribe(1, null, "user:ana", other.signal).next();
  await until(() => feed.openStreams === streamsPerPerson + 1, 10_000);

  // One of Vi's tabs closes: Vi may open another.
  open[0]!.stop.abort();
  await open[0]!.pending;
  const again = new AbortController();
  const reopened = feed.subscribe(1, null, "user:vi", again.signal).next();
  await until(() => feed.openStreams === streamsPerPerson + 1, 10_000);

  for (const { stop, pending } of open.slice(1)) {
    stop.abort();
    await pending;
  }
  other.abort();
  again.abort();
  await Promise.all([othersStream, reopened]);
  expect(feed.openStreams).toBe(0);
  feed.close();
});
