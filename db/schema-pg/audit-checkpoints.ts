// The Postgres mirror of db/schema/audit-checkpoints.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, int } from "./columns";

export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: id(),
  seq: int("seq").notNull(),
  hash: text("hash").notNull(),
  signature: text("signature").notNull(),
  createdAt: createdAt(),
});
