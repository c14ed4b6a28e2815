// The Postgres mirror of db/schema/releases.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { actorColumns, createdAt, id, int, timestamp } from "./columns";
import { projects } from "./projects";
import { environments } from "./environments";
import { releaseChanges } from "./release-changes";
import { checkResults } from "./check-results";
import { signoffs } from "./signoffs";
import { transitions } from "./transitions";
import { scheduledPromotions } from "./scheduled-promotions";
import { releaseStates } from "../../server/domain/statuses";

export const releases = pgTable(
  "releases",
  {
    id: id(),
    projectId: int("project_id")
      .notNull()
      .references(() => projects.id),
    version: text("version").notNull(),
    commitSha: text("commit_sha"),
    branch: text("branch"),
    notes: text("notes"),
    url: text("url"),
    committedAt: timestamp("committed_at"),
    state: text("state", { enum: releaseStates }).notNull().default("active"),
    environmentId: int("environment_id")
      .notNull()
      .references(() => environments.id),
    enteredAt: timestamp("entered_at").notNull(),
    heldAt: timestamp("held_at"),
    heldByName: text("held_by_name"),
    heldReason: text("held_reason"),
    ...actorColumns(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("releases_project_version_uq").on(t.projectId, t.version),
    index("releases_board_idx").on(t.projectId, t.state, t.environmentId, t.enteredAt),
    index("releases_environment_state_idx").on(t.environmentId, t.state, t.enteredAt),
    index("releases_project_commit_idx").on(t.projectId, t.commitSha),
  ],
);

export const releasesRelations = relations(releases, ({ one, many }) => ({
  project: one(projects, { fields: [releases.projectId], references: [projects.id] }),
  environment: one(environments, { fields: [releases.environmentId], references: [environments.id] }),
  changes: many(releaseChanges),
  checkResults: many(checkResults),
  signoffs: many(signoffs),
  transitions: many(transitions),
  scheduledPromotions: many(scheduledPromotions),
}));
