// The Postgres mirror of db/schema/notifications.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { boolean, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, int, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";
import { releases } from "./releases";
import { environments } from "./environments";
import { users } from "./users";
import { notificationEvents } from "../../server/domain/statuses";

export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    event: text("event", { enum: notificationEvents }).notNull(),
    messages: int("messages").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_event_uq").on(t.event, t.releaseId, t.environmentId),
    index("notifications_release_idx").on(t.releaseId, t.environmentId),
  ],
);

export const notificationPreferences = pgTable("notification_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  email: boolean("email").notNull().default(true),
  updatedAt: timestamp("updated_at").notNull(),
});
