// The Postgres mirror of db/schema/sign-in-limits.ts (see db/schema-pg/columns.ts); what the tables mean is said there.
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { id, int, timestamp } from "./columns";

export const signInFailures = pgTable(
  "sign_in_failures",
  { id: id(), key: text("key").notNull(), at: timestamp("at").notNull() },
  (t) => [index("sign_in_failures_key_at_idx").on(t.key, t.at), index("sign_in_failures_at_idx").on(t.at)],
);

export const accountLocks = pgTable("account_locks", {
  account: text("account").primaryKey(),
  lockedUntil: timestamp("locked_until").notNull(),
  locks: int("locks").notNull(),
});
