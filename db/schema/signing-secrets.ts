import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";
import { secretPurposes } from "../../server/domain/statuses";

/**
 * A project's webhook signing secret (whsec_…). Unlike tokens it must be readable:
 * HMAC verification needs the key itself. After a rotation the previous secret keeps
 * working until expires_at, so senders can be switched over without dropped deliveries.
 */
export { secretPurposes, type SecretPurpose } from "../../server/domain/statuses";

export const signingSecrets = sqliteTable(
  "signing_secrets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: requiredRef("project_id", () => projects.id),
    secret: text("secret").notNull(),
    /** inbound verifies what CI sends us; outbound signs what we send (deploy requests, chat). */
    purpose: text("purpose", { enum: secretPurposes }).notNull().default("inbound"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at"),
  },
  (t) => [index("signing_secrets_project_idx").on(t.projectId, t.purpose, t.id)],
);

export const signingSecretsRelations = relations(signingSecrets, ({ one }) => ({
  project: one(projects, { fields: [signingSecrets.projectId], references: [projects.id] }),
}));

export type SigningSecret = typeof signingSecrets.$inferSelect;
