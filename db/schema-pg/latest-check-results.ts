// The Postgres mirror of db/schema/latest-check-results.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { int, requiredRef } from "./columns";
import { releases } from "./releases";
import { environments } from "./environments";
import { checkResults } from "./check-results";

export const latestCheckResults = pgTable(
  "latest_check_results",
  {
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    checkName: text("check_name").notNull(),
    resultId: int("result_id")
      .notNull()
      .references(() => checkResults.id),
    firstResultId: int("first_result_id").notNull(),
    runs: int("runs").notNull(),
  },
  (t) => [primaryKey({ name: "latest_check_results_pk", columns: [t.releaseId, t.environmentId, t.checkName] })],
);
