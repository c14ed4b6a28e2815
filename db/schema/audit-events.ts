import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { actorColumns, createdAt } from "./columns";
import { projects } from "./projects";
import { environments } from "./environments";
import { releases } from "./releases";

export const auditKinds = [
  "release.created",
  "release.moved",
  "release.hold_released",
  "promotion.scheduled",
  "promotion.schedule_cancelled",
  "promotion.schedule_failed",
  "check.recorded",
  "signoff.recorded",
  "task.ticked",
  "task.unticked",
  "environment.locked",
  "environment.unlocked",
  "pipeline.changed",
  "project.changed",
  "token.created",
  "token.revoked",
  "secret.rotated",
  "user.created",
  "user.role_changed",
  "user.disabled",
  "deployment.requested",
  "deployment.reported",
  "outbound.resent",
  "user.notifications_changed",
  "team.created",
  "team.members_added",
  "team.members_removed",
  "user.enabled",
  "user.invited",
  "user.password_reset",
  "user.password_changed",
] as const;
export type AuditKind = (typeof auditKinds)[number];

/**
 * The activity log: one row per change, written in the same transaction as the change.
 * Also the feed that live board updates read from (by id), so a client that reconnects
 * catches up on exactly what it missed.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id").references(() => projects.id),
    environmentId: integer("environment_id").references(() => environments.id),
    releaseId: integer("release_id").references(() => releases.id),
    kind: text("kind", { enum: auditKinds }).notNull(),
    summary: text("summary").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    ...actorColumns(),
    createdAt: createdAt(),
    /** SHA-256 of the previous entry's hash and this entry's encoding (server/domain/audit-chain.ts). */
    hash: text("hash"),
  },
  (t) => [
    index("audit_events_project_idx").on(t.projectId, t.id),
    index("audit_events_created_idx").on(t.createdAt),
    // Filters of the activity page walk newest-first by id within each of these.
    index("audit_events_environment_idx").on(t.environmentId, t.id),
    index("audit_events_kind_idx").on(t.kind, t.id),
    index("audit_events_actor_idx").on(t.actorId, t.id),
  ],
);

export const auditEventsRelations = relations(auditEvents, ({ one }) => ({
  project: one(projects, { fields: [auditEvents.projectId], references: [projects.id] }),
  environment: one(environments, { fields: [auditEvents.environmentId], references: [environments.id] }),
  release: one(releases, { fields: [auditEvents.releaseId], references: [releases.id] }),
}));

export type AuditEvent = typeof auditEvents.$inferSelect;
