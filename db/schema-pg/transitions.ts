// The Postgres mirror of db/schema/transitions.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { actorColumns, createdAt, id, int, requiredRef } from "./columns";
import { projects } from "./projects";
import { releases } from "./releases";
import { environments } from "./environments";

export const transitionKinds = ["create", "promote", "auto-promote", "rollback", "supersede", "abandon"] as const;
export type TransitionKind = (typeof transitionKinds)[number];

export const transitions = pgTable(
  "transitions",
  {
    id: id(),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    fromEnvironmentId: int("from_environment_id").references(() => environments.id),
    toEnvironmentId: int("to_environment_id").references(() => environments.id),
    kind: text("kind", { enum: transitionKinds }).notNull(),
    reason: text("reason"),
    overriddenGates: jsonb("overridden_gates").$type<string[]>().notNull().default([]),
    ...actorColumns(),
    createdAt: createdAt(),
  },
  (t) => [
    index("transitions_release_idx").on(t.releaseId, t.id),
    index("transitions_project_idx").on(t.projectId, t.id),
    index("transitions_from_environment_idx").on(t.fromEnvironmentId, t.createdAt),
    index("transitions_to_environment_idx").on(t.toEnvironmentId, t.id),
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
