import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { actorColumns, createdAt, requiredRef } from "./columns";
import { projects } from "./projects";
import { releases } from "./releases";
import { environments } from "./environments";

export const transitionKinds = ["create", "promote", "auto-promote", "rollback", "supersede", "abandon"] as const;
export type TransitionKind = (typeof transitionKinds)[number];

/**
 * One move of a release. Append-only: triggers in the migrations refuse UPDATE and
 * DELETE, so the history of go-live decisions cannot be rewritten.
 */
export const transitions = sqliteTable(
  "transitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    /** Null for "create". */
    fromEnvironmentId: integer("from_environment_id").references(() => environments.id),
    /** Null when the release leaves the board (supersede, abandon). */
    toEnvironmentId: integer("to_environment_id").references(() => environments.id),
    kind: text("kind", { enum: transitionKinds }).notNull(),
    reason: text("reason"),
    overriddenGates: text("overridden_gates", { mode: "json" }).$type<string[]>().notNull().default([]),
    ...actorColumns(),
    createdAt: createdAt(),
  },
  (t) => [
    index("transitions_release_idx").on(t.releaseId, t.id),
    index("transitions_project_idx").on(t.projectId, t.id),
    // The board at a moment and an environment's history seek moves out of and into one environment.
    index("transitions_from_environment_idx").on(t.fromEnvironmentId, t.createdAt),
    index("transitions_to_environment_idx").on(t.toEnvironmentId, t.id),
    // Insights read a project's moves over a time range.
    index("transitions_project_time_idx").on(t.projectId, t.createdAt),
  ],
);

export const transitionsRelations = relations(transitions, ({ one }) => ({
  release: one(releases, { fields: [transitions.releaseId], references: [releases.id] }),
  from: one(environments, {
    fields: [transitions.fromEnvironmentId],
    references: [environments.id],
    relationName: "transition_from",
  }),
  to: one(environments, {
    fields: [transitions.toEnvironmentId],
    references: [environments.id],
    relationName: "transition_to",
  }),
}));

export type Transition = typeof transitions.$inferSelect;
