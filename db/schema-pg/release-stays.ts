// The Postgres mirror of db/schema/release-stays.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { index, jsonb, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { id, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";
import { releases } from "./releases";
import { environments } from "./environments";
import { transitions } from "./transitions";

export const releaseStays = pgTable(
  "release_stays",
  {
    id: id(),
    projectId: requiredRef("project_id", () => projects.id),
    releaseId: requiredRef("release_id", () => releases.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    transitionId: requiredRef("transition_id", () => transitions.id),
    arrivedAt: timestamp("arrived_at").notNull(),
    leftAt: timestamp("left_at"),
  },
  (t) => [
    index("release_stays_project_left_idx").on(t.projectId, t.leftAt, t.environmentId, t.arrivedAt),
    index("release_stays_release_idx").on(t.releaseId, t.leftAt),
    index("release_stays_environment_idx").on(t.environmentId, t.releaseId, t.arrivedAt),
  ],
);

export type ReleaseStay = typeof releaseStays.$inferSelect;

export const releaseStayDays = pgTable(
  "release_stay_days",
  {
    projectId: requiredRef("project_id", () => projects.id),
    environmentId: requiredRef("environment_id", () => environments.id),
    day: timestamp("day").notNull(),
    lengths: jsonb("lengths").$type<number[]>().notNull(),
  },
  (t) => [primaryKey({ name: "release_stay_days_pk", columns: [t.projectId, t.day, t.environmentId] })],
);
