// The Postgres mirror of db/schema/environments.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, int, timestamp } from "./columns";
import { projects } from "./projects";
import { freezeWindows } from "./freeze-windows";
import { environmentLocks } from "./environment-locks";

// The same JSON shape as SQLite's column: one definition, so the row types stay identical.
export type { DeployTarget } from "../schema/environments";
import type { DeployTarget } from "../schema/environments";

export type ApprovalRule = { team: string; count: number };

export const environments = pgTable(
  "environments",
  {
    id: id(),
    projectId: int("project_id")
      .notNull()
      .references(() => projects.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    position: int("position").notNull(),
    autoPromote: boolean("auto_promote").notNull().default(false),
    requiredChecks: jsonb("required_checks").$type<string[]>().notNull().default([]),
    requiredSignoffs: int("required_signoffs").notNull().default(0),
    minSoakMinutes: int("min_soak_minutes").notNull().default(0),
    manualTasks: jsonb("manual_tasks").$type<string[]>().notNull().default([]),
    capacity: int("capacity"),
    deployTarget: jsonb("deploy_target").$type<DeployTarget>(),
    deployTimeoutMinutes: int("deploy_timeout_minutes"),
    signoffReminderHours: int("signoff_reminder_hours"),
    promoters: jsonb("promoters").$type<string[]>().notNull().default([]),
    approvals: jsonb("approvals").$type<ApprovalRule[]>().notNull().default([]),
    separateDuties: boolean("separate_duties").notNull().default(false),
    removedAt: timestamp("removed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("environments_project_slug_uq").on(t.projectId, t.slug),
    index("environments_project_position_idx").on(t.projectId, t.position),
  ],
);

export const environmentsRelations = relations(environments, ({ one, many }) => ({
  project: one(projects, { fields: [environments.projectId], references: [projects.id] }),
  freezeWindows: many(freezeWindows),
  locks: many(environmentLocks),
}));
