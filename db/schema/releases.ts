import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { actorColumns, createdAt, timestamp } from "./columns";
import { projects } from "./projects";
import { environments } from "./environments";
import { releaseChanges } from "./release-changes";
import { checkResults } from "./check-results";
import { signoffs } from "./signoffs";
import { transitions } from "./transitions";
import { scheduledPromotions } from "./scheduled-promotions";
import { releaseStates } from "../../server/domain/statuses";

export { releaseStates, type ReleaseState } from "../../server/domain/statuses";

/**
 * One build of a project. Immutable apart from where it is: environment_id is the
 * environment it is in (or left, once superseded or abandoned) and entered_at when it
 * got there; both are only written together with a transition row. held_* is the hold a
 * rollback puts on it (auto-promotion leaves it alone), set by that rollback's transition
 * and cleared by a person's promotion or an audited "release hold".
 */
export const releases = sqliteTable(
  "releases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    version: text("version").notNull(),
    commitSha: text("commit_sha"),
    branch: text("branch"),
    notes: text("notes"),
    url: text("url"),
    /** When its head commit was made, as CI said (ISO 8601 in the API): where lead time starts. */
    committedAt: timestamp("committed_at"),
    state: text("state", { enum: releaseStates }).notNull().default("active"),
    environmentId: integer("environment_id")
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

export type Release = typeof releases.$inferSelect;
