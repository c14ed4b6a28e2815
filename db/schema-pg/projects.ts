// The Postgres mirror of db/schema/projects.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, timestamp } from "./columns";
import { environments } from "./environments";
import { releases } from "./releases";

export const projects = pgTable(
  "projects",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    archivedAt: timestamp("archived_at"),
    chatWebhooks: jsonb("chat_webhooks").$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("projects_slug_uq").on(t.slug)],
);

export const projectsRelations = relations(projects, ({ many }) => ({
  environments: many(environments),
  releases: many(releases),
}));
