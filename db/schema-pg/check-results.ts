// The Postgres mirror of db/schema/check-results.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { actorColumns, createdAt, id, int, requiredRef } from "./columns";
import { releases } from "./releases";
import { environments } from "./environments";
import { testCaseFailures } from "./test-case-failures";

import { checkStatuses } from "../../server/domain/statuses";

export const checkResults = pgTable(
  "check_results",
  {
    id: id(),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    checkName: text("check_name").notNull(),
    status: text("status", { enum: checkStatuses }).notNull(),
    tests: int("tests"),
    failures: int("failures"),
    errors: int("errors"),
    skipped: int("skipped"),
    durationMs: int("duration_ms"),
    summary: text("summary"),
    url: text("url"),
    runKey: text("run_key"),
    runAttempt: int("run_attempt"),
    eventAt: int("event_at"),
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
