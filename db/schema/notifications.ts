import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";
import { releases } from "./releases";
import { environments } from "./environments";
import { users } from "./users";
import { notificationEvents } from "../../server/domain/statuses";

export { notificationEvents, type NotificationEvent } from "../../server/domain/statuses";

/**
 * The notifications already announced: one row per (event, release, environment). Its
 * unique index is what makes re-evaluation and restarts send nothing twice; the messages
 * themselves go through the outbox, written in the same transaction as this row.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    event: text("event", { enum: notificationEvents }).notNull(),
    /** How many messages (e-mails and chat posts) it wrote to the outbox. */
    messages: integer("messages").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_event_uq").on(t.event, t.releaseId, t.environmentId),
    index("notifications_release_idx").on(t.releaseId, t.environmentId),
  ],
);

/** A person's choices about what reaches them. No row means the defaults (e-mail on). */
export const notificationPreferences = sqliteTable("notification_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  email: integer("email", { mode: "boolean" }).notNull().default(true),
  updatedAt: timestamp("updated_at").notNull(),
});

export type Notification = typeof notifications.$inferSelect;
