import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

/**
 * A signed head of the activity log (README: Evidence): the entry id, its hash and when,
 * signed with the server's Ed25519 key. Append-only (triggers in the migrations). A checkpoint
 * kept elsewhere proves the history up to it is unchanged, even after a rewrite of the chain.
 */
export const auditCheckpoints = sqliteTable("audit_checkpoints", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  /** Base64 Ed25519 signature of checkpointMessage(seq, hash, at). */
  signature: text("signature").notNull(),
  createdAt: createdAt(),
});

export type AuditCheckpoint = typeof auditCheckpoints.$inferSelect;
