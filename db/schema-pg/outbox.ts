// The Postgres mirror of db/schema/outbox.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, int, timestamp } from "./columns";
import { projects } from "./projects";
import { deployments } from "./deployments";
import { outboxStates } from "../../server/domain/statuses";

export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    projectId: int("project_id").references(() => projects.id),
    kind: text("kind").notNull(),
    messageId: text("message_id").notNull(),
    target: jsonb("target").$type<Record<string, unknown>>().notNull(),
    payload: text("payload").notNull(),
    recipient: text("recipient"),
    deploymentId: int("deployment_id").references(() => deployments.id),
    state: text("state", { enum: outboxStates }).notNull().default("pending"),
    attempts: int("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
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

export const outboxAttempts = pgTable(
  "outbox_attempts",
  {
    id: id(),
    outboxId: int("outbox_id")
      .notNull()
      .references(() => outbox.id),
    projectId: int("project_id").references(() => projects.id),
    attempt: int("attempt").notNull(),
    statusCode: int("status_code"),
    durationMs: int("duration_ms").notNull(),
    error: text("error"),
    responseExcerpt: text("response_excerpt"),
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
