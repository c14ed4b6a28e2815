import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { checkResults } from "./check-results";

/** A failing test case taken from a JUnit report (at most 200 per result). */
export const testCaseFailures = sqliteTable(
  "test_case_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    checkResultId: integer("check_result_id")
      .notNull()
      .references(() => checkResults.id),
    name: text("name").notNull(),
    className: text("class_name"),
    kind: text("kind", { enum: ["failure", "error"] }).notNull(),
    message: text("message"),
    details: text("details"),
  },
  (t) => [index("test_case_failures_result_idx").on(t.checkResultId)],
);

export const testCaseFailuresRelations = relations(testCaseFailures, ({ one }) => ({
  checkResult: one(checkResults, { fields: [testCaseFailures.checkResultId], references: [checkResults.id] }),
}));

export type TestCaseFailure = typeof testCaseFailures.$inferSelect;
