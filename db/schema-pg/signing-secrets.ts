// The Postgres mirror of db/schema/signing-secrets.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { relations } from "drizzle-orm";
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, requiredRef, timestamp } from "./columns";
import { projects } from "./projects";
import { secretPurposes } from "../../server/domain/statuses";

export const signingSecrets = pgTable(
  "signing_secrets",
  {
    id: id(),
    projectId: requiredRef("project_id", () => projects.id),
    secret: text("secret").notNull(),
    purpose: text("purpose", { enum: secretPurposes }).notNull().default("inbound"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at"),
  },
  (t) => [index("signing_secrets_project_idx").on(t.projectId, t.purpose, t.id)],
);

export const signingSecretsRelations = relations(signingSecrets, ({ one }) => ({
  project: one(projects, { fields: [signingSecrets.projectId], references: [projects.id] }),
}));
