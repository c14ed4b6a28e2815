import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { actorColumns, createdAt, requiredRef } from "./columns";
import { releases } from "./releases";
import { environments } from "./environments";
import { testCaseFailures } from "./test-case-failures";

import { checkStatuses } from "../../server/domain/statuses";

export { checkStatuses, type CheckStatus } from "../../server/domain/statuses";

/**
 * The outcome of one automated check for one release in one environment. Append-only:
 * the latest row per (release, environment, check) is the one that counts.
 */
export const checkResults = sqliteTable(
  "check_results",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    checkName: text("check_name").notNull(),
    status: text("status", { enum: checkStatuses }).notNull(),
    tests: integer("tests"),
    failures: integer("failures"),
    errors: integer("errors"),
    skipped: integer("skipped"),
    durationMs: integer("duration_ms"),
    summary: text("summary"),
    url: text("url"),
    /**
     * For a result from a CI event: its run ("github:workflow_run:42"), the run's attempt and
     * the event's own time, so a replayed older event is not taken for the check's state
     * (server/domain/replay.ts). Null for the results API.
     */
    runKey: text("run_key"),
    runAttempt: integer("run_attempt"),
    // Milliseconds since the epoch, a plain number: drizzle's prepared inserts cannot bind a null timestamp.
    eventAt: integer("event_at"),
    ...actorColumns(),
    createdAt: createdAt(),
  },
  (t) => [
    index("check_results_latest_idx").on(t.releaseId, t.environmentId, t.checkName, t.id),
    index("check_results_run_idx")
      .on(t.runKey, t.releaseId, t.checkName, t.id)
      .where(sql`${t.runKey} is not null`),
  ],
);

export const checkResultsRelations = relations(checkResults, ({ one, many }) => ({
  release: one(releases, { fields: [checkResults.releaseId], references: [releases.id] }),
  environment: one(environments, { fields: [checkResults.environmentId], references: [environments.id] }),
  failingCases: many(testCaseFailures),
}));

export type CheckResult = typeof checkResults.$inferSelect;
