import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { requiredRef, timestamp } from "./columns";
import { projects } from "./projects";
import { releases } from "./releases";
import { environments } from "./environments";
import { transitions } from "./transitions";

/**
 * One stay of a release in an environment: from the move that brought it there to the next move
 * of that release (null while it is still there). What Insights reads for the time spent in each
 * environment and the arrivals before a go-live, one index range per request instead of pairing a
 * year of moves (BENCHMARKS.md, Round 3). Kept by the trigger `transitions_stays` (migration 0021;
 * its PL/pgSQL twin in db/migrations-pg) in the very statement that inserts a move, so every writer
 * (the verbs, the bench's plain inserts) keeps it true; a stay's row is only ever closed, once.
 * One row per stay rather than per-day sums: medians and p90s must stay exact.
 */
export const releaseStays = sqliteTable(
  "release_stays",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    /** The move that brought it there. */
    transitionId: requiredRef("transition_id", () => transitions.id),
    arrivedAt: timestamp("arrived_at").notNull(),
    /** The next move of the release, whatever its kind; null while it is still there. */
    leftAt: timestamp("left_at"),
  },
  (t) => [
    // Insights: the stays that ended in a range, with what they need (covering).
    index("release_stays_project_left_idx").on(t.projectId, t.leftAt, t.environmentId, t.arrivedAt),
    // The trigger closes a release's open stay; arrivals of a release in an environment.
    index("release_stays_release_idx").on(t.releaseId, t.leftAt),
    index("release_stays_environment_idx").on(t.environmentId, t.releaseId, t.arrivedAt),
  ],
);

export type ReleaseStay = typeof releaseStays.$inferSelect;

/**
 * The stays that ended on one UTC day in one environment, as their lengths in milliseconds: the
 * per-day aggregate Insights reads for whole days of a range (a year is 365 rows per environment
 * instead of every stay), the range's partial first and last day from release_stays. Lengths, not
 * sums: medians and p90s stay exact. Kept by the same trigger, in the statement that ends a stay.
 */
export const releaseStayDays = sqliteTable(
  "release_stay_days",
  {
    projectId: requiredRef("project_id", () => projects.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    /** 00:00 UTC of the day the stays ended. */
    day: timestamp("day").notNull(),
    lengths: text("lengths", { mode: "json" }).$type<number[]>().notNull(),
  },
  (t) => [primaryKey({ name: "release_stay_days_pk", columns: [t.projectId, t.day, t.environmentId] })],
);
