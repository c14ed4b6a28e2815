import { afterEach, beforeEach, expect, it } from "vitest";
import fc from "fast-check";
import { asc } from "drizzle-orm";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { releaseStayDays, releaseStays, transitions } from "../../db/schema";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { abandonRelease } from "../services/abandon-release";
import { computeInsights, type StayFact } from "../domain/insights";
import { getProjectInsights } from "./insights";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const envs = ["dev", "qa", "staging", "production"];
const day = 86_400_000;
const start = new Date("2026-06-01T09:00:00Z");

/** What the moves' trigger keeps, recomputed from the raw, append-only moves: each move until the release's next one. */
async function staysFromMoves(): Promise<{ environmentId: number; from: number; until: number | null }[]> {
  const moves = await t.db.select().from(transitions).orderBy(asc(transitions.id));
  return moves.flatMap((move, i) => {
    if (move.toEnvironmentId === null) return [];
    const next = moves.slice(i + 1).find((m) => m.releaseId === move.releaseId);
    return [
      { environmentId: move.toEnvironmentId, from: move.createdAt.getTime(), until: next?.createdAt.getTime() ?? null },
    ];
  });
}

const step = fc.record({
  minutes: fc.integer({ min: 0, max: 36 * 60 }),
  release: fc.integer({ min: 0, max: 4 }),
  to: fc.integer({ min: -1, max: envs.length - 1 }),
});

it("keeps the stay aggregates equal to a recomputation from the raw moves, and Insights' flow with them", async () => {
  let ended = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(step, { minLength: 1, maxLength: 40 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 40 * day }), fc.integer({ min: 1, max: 30 * day })), {
        minLength: 1,
        maxLength: 4,
      }),
      async (steps, ranges) => {
        await t.close();
        t = await createTestDb();
        const ctx = testContext(t.db, userActor("admin", "Ada"), start);
        await givenProject(
          ctx,
          "shop",
          envs.map((slug) => ({ slug, name: slug })),
        );
        const created = new Set<number>();
        for (const s of steps) {
          ctx.advance(s.minutes);
          const version = `1.${s.release}.0`;
          try {
            if (!created.has(s.release)) {
              await createRelease({ ctx, input: { project: "shop", version } });
              created.add(s.release);
            } else if (s.to < 0) await abandonRelease({ ctx, input: { project: "shop", version, reason: "dropped" } });
            else
              await moveRelease({
                ctx,
                input: { project: "shop", version, to: envs[s.to]!, rollback: true, reason: "random walk" },
              }).catch(() => moveRelease({ ctx, input: { project: "shop", version, to: envs[s.to]! } }));
          } catch {
            // A move the rules refuse (already there, abandoned, newer live…) changes nothing: as in life.
          }
        }
        const expected = await staysFromMoves();
        ended += expected.filter((s) => s.until !== null).length;
        const kept = await t.db.select().from(releaseStays).orderBy(asc(releaseStays.id));
        expect(
          kept.map((s) => ({
            environmentId: s.environmentId,
            from: s.arrivedAt.getTime(),
            until: s.leftAt?.getTime() ?? null,
          })),
        ).toEqual(expected);
        // A day's lengths are a bag: in the order the stays ended, compared sorted.
        const days = new Map<string, number[]>();
        for (const s of expected) {
          if (s.until === null) continue;
          const key = `${s.environmentId}@${s.until - (s.until % day)}`;
          days.set(key, [...(days.get(key) ?? []), s.until - s.from]);
        }
        const keptDays = await t.db.select().from(releaseStayDays);
        expect(new Map(keptDays.map((d) => [`${d.environmentId}@${d.day.getTime()}`, [...d.lengths].sort()]))).toEqual(
          new Map([...days].map(([key, lengths]) => [key, lengths.sort()])),
        );

        // Insights read whole days from the aggregate and the edges from the stays: the same figures as all raw stays.
        const slugs = await t.db.query.environments.findMany();
        const slugOf = new Map(slugs.map((e) => [e.id, e.slug]));
        for (const [offset, length] of ranges) {
          const range = {
            from: new Date(start.getTime() + offset - 5 * day),
            to: new Date(start.getTime() + offset - 5 * day + length),
          };
          const raw: StayFact[] = expected
            .filter((s) => s.until !== null && s.until >= range.from.getTime() && s.until <= range.to.getTime())
            .map((s) => ({
              environment: slugOf.get(s.environmentId)!,
              from: new Date(s.from),
              until: new Date(s.until!),
            }));
          const want = computeInsights({
            ...range,
            deployments: [],
            rollbacks: [],
            failedDeploys: [],
            leadTimes: [],
            signoffWaits: [],
            stays: raw,
            environments: envs,
          });
          const { insights } = await getProjectInsights(t.db, "shop", range);
          expect(insights.flow.environments).toEqual(want.flow.environments);
          expect(insights.weekly.map((w) => w.timeIn)).toEqual(want.weekly.map((w) => w.timeIn));
        }
      },
    ),
    { numRuns: 25 },
  );
  // The random walks did move releases (not only refused moves).
  expect(ended).toBeGreaterThan(0);
});
