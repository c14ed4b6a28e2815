// The Postgres mirror of db/schema/audit-events.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { actorColumns, createdAt, id, int } from "./columns";
import { projects } from "./projects";
import { environments } from "./environments";
import { releases } from "./releases";

// One list of kinds for both dialects: a kind added to SQLite's schema is at once Postgres's too.
import { auditKinds } from "../schema/audit-events";
export { auditKinds };
export type AuditKind = (typeof auditKinds)[number];

export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    projectId: int("project_id").references(() => projects.id),
    environmentId: int("environment_id").references(() => environments.id),
    releaseId: int("release_id").references(() => releases.id),
    kind: text("kind", { enum: auditKinds }).notNull(),
    summary: text("summary").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    ...actorColumns(),
    createdAt: createdAt(),
    hash: text("hash"),
  },
  (t) => [
    index("audit_events_project_idx").on(t.projectId, t.id),
    index("audit_events_created_idx").on(t.createdAt),
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
