import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";
import { projects } from "./projects";
import { freezeWindows } from "./freeze-windows";
import { environmentLocks } from "./environment-locks";
import type { DeployTargetSpec } from "../../server/domain/deploy-targets";

/**
 * What to call when a release enters an environment (README: Deployments, `deploy:`). Tokens are never
 * stored: `tokenEnv` names the server's environment variable that holds one.
 */
export type DeployTarget = DeployTargetSpec;

/** `approvals:` of a protected environment: `count` distinct members of `team` approve. */
export type ApprovalRule = { team: string; count: number };

/**
 * A stage of a project's pipeline and its promotion policy (README: How releases move).
 * Removed environments are kept (removed_at set) because transitions, results and
 * sign-offs of past releases still point at them.
 */
export const environments = sqliteTable(
  "environments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    autoPromote: integer("auto_promote", { mode: "boolean" }).notNull().default(false),
    requiredChecks: text("required_checks", { mode: "json" }).$type<string[]>().notNull().default([]),
    requiredSignoffs: integer("required_signoffs").notNull().default(0),
    minSoakMinutes: integer("min_soak_minutes").notNull().default(0),
    manualTasks: text("manual_tasks", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Null means unlimited. */
    capacity: integer("capacity"),
    /** Null: entering the environment deploys nothing (the board trusts the move). */
    deployTarget: text("deploy_target", { mode: "json" }).$type<DeployTarget>(),
    /** How long a deploy may go without a report before the card says so; null = 60. */
    deployTimeoutMinutes: integer("deploy_timeout_minutes"),
    /** Hours a release may wait for sign-off before the business owners are reminded; null = 24, 0 = never. */
    signoffReminderHours: integer("signoff_reminder_hours"),
    /** Teams whose release managers may move releases in (README: Protected environments); [] = every release manager. */
    promoters: text("promoters", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Sign-off rules by team, all of which must be met; when any, they replace requiredSignoffs. */
    approvals: text("approvals", { mode: "json" }).$type<ApprovalRule[]>().notNull().default([]),
    /** Whoever created, moved, scheduled or overrode a release may not approve its entry here. */
    separateDuties: integer("separate_duties", { mode: "boolean" }).notNull().default(false),
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

export type Environment = typeof environments.$inferSelect;
