// The Postgres mirror of db/schema/test-case-failures.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { id, int } from "./columns";
import { checkResults } from "./check-results";

export const testCaseFailures = pgTable(
  "test_case_failures",
  {
    id: id(),
    checkResultId: int("check_result_id")
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
