import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";
import { projects } from "./projects";
import { deployments } from "./deployments";
import { outboxStates } from "../../server/domain/statuses";

export { outboxStates, type OutboxState } from "../../server/domain/statuses";

/**
 * Messages to send after commit (the transactional outbox): written in the transaction
 * of the change they announce, delivered at least once by the dispatcher
 * (server/jobs/dispatcher.ts), which resumes from here after a crash. Generic on purpose:
 * `kind` is open (deploy requests today; e-mail and chat notifications reuse it), `target`
 * says where to (its shape belongs to the kind) and `payload` is the JSON to send.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id").references(() => projects.id),
    kind: text("kind").notNull(),
    /** Stable across attempts: the `webhook-id` a receiver drops duplicates by. */
    messageId: text("message_id").notNull(),
    target: text("target", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    payload: text("payload").notNull(),
    /**
     * For e-mail: the address it goes to, so that messages to one person can be coalesced into a
     * digest and counted against their hourly limit (server/engine/notify.ts).
     */
    recipient: text("recipient"),
    /** For deploy requests: the deployment a final failure marks as failed. */
    deploymentId: integer("deployment_id").references(() => deployments.id),
    state: text("state", { enum: outboxStates }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
    /** Retries stop after this (24 h after it was written, or after Send again). */
    retryUntil: timestamp("retry_until").notNull(),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outbox_message_uq").on(t.messageId),
    index("outbox_due_idx").on(t.state, t.nextAttemptAt),
    index("outbox_project_idx").on(t.projectId, t.id),
    index("outbox_recipient_idx").on(t.recipient, t.createdAt),
  ],
);

/**
 * Every attempt to send an outbox message: the outbound section of the delivery log.
 * Rows are only ever added.
 */
export const outboxAttempts = sqliteTable(
  "outbox_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    outboxId: integer("outbox_id")
      .notNull()
      .references(() => outbox.id),
    projectId: integer("project_id").references(() => projects.id),
    attempt: integer("attempt").notNull(),
    /** Null when no response came (refused target, network error, timeout). */
    statusCode: integer("status_code"),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    responseExcerpt: text("response_excerpt"),
    /** What the attempt decided: delivered, retry (at next_attempt_at) or failed for good. */
    outcome: text("outcome", { enum: ["delivered", "retry", "failed"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_attempts_project_idx").on(t.projectId, t.id),
    index("outbox_attempts_outbox_idx").on(t.outboxId, t.id),
  ],
);

export const outboxRelations = relations(outbox, ({ one, many }) => ({
  project: one(projects, { fields: [outbox.projectId], references: [projects.id] }),
  attempts: many(outboxAttempts),
}));

export const outboxAttemptsRelations = relations(outboxAttempts, ({ one }) => ({
  message: one(outbox, { fields: [outboxAttempts.outboxId], references: [outbox.id] }),
}));

export type OutboxMessage = typeof outbox.$inferSelect;
export type OutboxAttempt = typeof outboxAttempts.$inferSelect;
