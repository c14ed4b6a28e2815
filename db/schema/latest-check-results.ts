import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { requiredRef } from "./columns";
import { releases } from "./releases";
import { environments } from "./environments";
import { checkResults } from "./check-results";

/**
 * The latest result per (release, environment, check) and how many results that cell has
 * had: what the gates, the board, the release page, the overview and the inbox read, in one
 * index seek per check however many results a release has piled up (BENCHMARKS.md, results
 * on one release). Kept by the trigger `check_results_latest` (migration 0009) in the very
 * statement that inserts a result, so every writer (the verb, the bench's plain inserts)
 * keeps it true; check_results are never updated or deleted.
 */
export const latestCheckResults = sqliteTable(
  "latest_check_results",
  {
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    checkName: text("check_name").notNull(),
    resultId: integer("result_id")
      .notNull()
      .references(() => checkResults.id),
    /** The first result of this (release, environment, check): the release page lists checks in the order they first reported. */
    firstResultId: integer("first_result_id").notNull(),
    /** How many results this (release, environment, check) has had, the latest included. */
    runs: integer("runs").notNull(),
  },
  (t) => [primaryKey({ name: "latest_check_results_pk", columns: [t.releaseId, t.environmentId, t.checkName] })],
);

export type LatestCheckResult = typeof latestCheckResults.$inferSelect;
