import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";

/**
 * Failed sign-ins, counted for the limits (server/auth/login-limiter.ts): one row per failure
 * under `address:<client>` and one under `account:<email>`. In the database rather than in one
 * process's memory, so the limits hold however many instances share it. Rows older than a day
 * are removed as new ones come.
 */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  { id: integer("id").primaryKey({ autoIncrement: true }), key: text("key").notNull(), at: timestamp("at").notNull() },
  (t) => [index("sign_in_failures_key_at_idx").on(t.key, t.at), index("sign_in_failures_at_idx").on(t.at)],
);

/** An account locked after too many failures: until when, and how many locks in a row (the backoff). */
export const accountLocks = sqliteTable("account_locks", {
  account: text("account").primaryKey(),
  lockedUntil: timestamp("locked_until").notNull(),
  locks: integer("locks").notNull(),
});
