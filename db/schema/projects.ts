import { relations } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";
import { environments } from "./environments";
import { releases } from "./releases";

export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    archivedAt: timestamp("archived_at"),
    /** Incoming-webhook URLs of the project's chat channels (pipeline file `notifications.chat`). */
    chatWebhooks: text("chat_webhooks", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("projects_slug_uq").on(t.slug)],
);

export const projectsRelations = relations(projects, ({ many }) => ({
  environments: many(environments),
  releases: many(releases),
}));

export type Project = typeof projects.$inferSelect;
