import { integer, text } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, read and written as a Date. */
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const createdAt = () =>
  timestamp("created_at")
    .notNull()
    .$defaultFn(() => new Date());

export const actorTypes = ["user", "token", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

/**
 * Who did something. Users arrive with the accounts issue, so the id is free text
 * (a user id, a token id or "system") and the display name is kept beside it: the
 * audit trail must still read correctly after a user is renamed or removed.
 */
export const actorColumns = () => ({
  actorType: text("actor_type", { enum: actorTypes }).notNull(),
  actorId: text("actor_id").notNull(),
  actorName: text("actor_name").notNull(),
});

type ReferenceTarget = Parameters<ReturnType<typeof integer>["references"]>[0];

/** A required foreign key (project_id, release_id, …), the column most tables carry. */
export const requiredRef = (name: string, target: ReferenceTarget) => integer(name).notNull().references(target);
