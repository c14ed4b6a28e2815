import { expectTypeOf, it } from "vitest";
import * as sqlite from "../schema/sqlite";
import * as pg from ".";

/**
 * The row types of both dialects are the same, so query code is written once (README: Postgres).
 * These are checked by the type checker (`npm run typecheck`); a difference fails it.
 */
it("reads and writes the same TypeScript rows as the SQLite schema, table by table", () => {
  expectTypeOf<typeof pg.accounts.$inferSelect>().toEqualTypeOf<typeof sqlite.accounts.$inferSelect>();
  expectTypeOf<typeof pg.accounts.$inferInsert>().toEqualTypeOf<typeof sqlite.accounts.$inferInsert>();
  expectTypeOf<typeof pg.auditCheckpoints.$inferSelect>().toEqualTypeOf<typeof sqlite.auditCheckpoints.$inferSelect>();
  expectTypeOf<typeof pg.auditCheckpoints.$inferInsert>().toEqualTypeOf<typeof sqlite.auditCheckpoints.$inferInsert>();
  expectTypeOf<typeof pg.auditEvents.$inferSelect>().toEqualTypeOf<typeof sqlite.auditEvents.$inferSelect>();
  expectTypeOf<typeof pg.auditEvents.$inferInsert>().toEqualTypeOf<typeof sqlite.auditEvents.$inferInsert>();
  expectTypeOf<typeof pg.checkResults.$inferSelect>().toEqualTypeOf<typeof sqlite.checkResults.$inferSelect>();
  expectTypeOf<typeof pg.checkResults.$inferInsert>().toEqualTypeOf<typeof sqlite.checkResults.$inferInsert>();
  expectTypeOf<typeof pg.deliveries.$inferSelect>().toEqualTypeOf<typeof sqlite.deliveries.$inferSelect>();
  expectTypeOf<typeof pg.deliveries.$inferInsert>().toEqualTypeOf<typeof sqlite.deliveries.$inferInsert>();
  expectTypeOf<typeof pg.deployments.$inferSelect>().toEqualTypeOf<typeof sqlite.deployments.$inferSelect>();
  expectTypeOf<typeof pg.deployments.$inferInsert>().toEqualTypeOf<typeof sqlite.deployments.$inferInsert>();
  expectTypeOf<typeof pg.environmentLocks.$inferSelect>().toEqualTypeOf<typeof sqlite.environmentLocks.$inferSelect>();
  expectTypeOf<typeof pg.environmentLocks.$inferInsert>().toEqualTypeOf<typeof sqlite.environmentLocks.$inferInsert>();
  expectTypeOf<typeof pg.environments.$inferSelect>().toEqualTypeOf<typeof sqlite.environments.$inferSelect>();
  expectTypeOf<typeof pg.environments.$inferInsert>().toEqualTypeOf<typeof sqlite.environments.$inferInsert>();
  expectTypeOf<typeof pg.freezeWindows.$inferSelect>().toEqualTypeOf<typeof sqlite.freezeWindows.$inferSelect>();
  expectTypeOf<typeof pg.freezeWindows.$inferInsert>().toEqualTypeOf<typeof sqlite.freezeWindows.$inferInsert>();
  expectTypeOf<typeof pg.idempotencyKeys.$inferSelect>().toEqualTypeOf<typeof sqlite.idempotencyKeys.$inferSelect>();
  expectTypeOf<typeof pg.idempotencyKeys.$inferInsert>().toEqualTypeOf<typeof sqlite.idempotencyKeys.$inferInsert>();
  expectTypeOf<typeof pg.invitations.$inferSelect>().toEqualTypeOf<typeof sqlite.invitations.$inferSelect>();
  expectTypeOf<typeof pg.invitations.$inferInsert>().toEqualTypeOf<typeof sqlite.invitations.$inferInsert>();
  expectTypeOf<typeof pg.latestCheckResults.$inferSelect>().toEqualTypeOf<
    typeof sqlite.latestCheckResults.$inferSelect
  >();
  expectTypeOf<typeof pg.latestCheckResults.$inferInsert>().toEqualTypeOf<
    typeof sqlite.latestCheckResults.$inferInsert
  >();
  expectTypeOf<typeof pg.notificationPreferences.$inferSelect>().toEqualTypeOf<
    typeof sqlite.notificationPreferences.$inferSelect
  >();
  expectTypeOf<typeof pg.notificationPreferences.$inferInsert>().toEqualTypeOf<
    typeof sqlite.notificationPreferences.$inferInsert
  >();
  expectTypeOf<typeof pg.notifications.$inferSelect>().toEqualTypeOf<typeof sqlite.notifications.$inferSelect>();
  expectTypeOf<typeof pg.notifications.$inferInsert>().toEqualTypeOf<typeof sqlite.notifications.$inferInsert>();
  expectTypeOf<typeof pg.outbox.$inferSelect>().toEqualTypeOf<typeof sqlite.outbox.$inferSelect>();
  expectTypeOf<typeof pg.outbox.$inferInsert>().toEqualTypeOf<typeof sqlite.outbox.$inferInsert>();
  expectTypeOf<typeof pg.outboxAttempts.$inferSelect>().toEqualTypeOf<typeof sqlite.outboxAttempts.$inferSelect>();
  expectTypeOf<typeof pg.outboxAttempts.$inferInsert>().toEqualTypeOf<typeof sqlite.outboxAttempts.$inferInsert>();
  expectTypeOf<typeof pg.personalTokens.$inferSelect>().toEqualTypeOf<typeof sqlite.personalTokens.$inferSelect>();
  expectTypeOf<typeof pg.personalTokens.$inferInsert>().toEqualTypeOf<typeof sqlite.personalTokens.$inferInsert>();
  expectTypeOf<typeof pg.projectTokens.$inferSelect>().toEqualTypeOf<typeof sqlite.projectTokens.$inferSelect>();
  expectTypeOf<typeof pg.projectTokens.$inferInsert>().toEqualTypeOf<typeof sqlite.projectTokens.$inferInsert>();
  expectTypeOf<typeof pg.projects.$inferSelect>().toEqualTypeOf<typeof sqlite.projects.$inferSelect>();
  expectTypeOf<typeof pg.projects.$inferInsert>().toEqualTypeOf<typeof sqlite.projects.$inferInsert>();
  expectTypeOf<typeof pg.releaseChanges.$inferSelect>().toEqualTypeOf<typeof sqlite.releaseChanges.$inferSelect>();
  expectTypeOf<typeof pg.releaseChanges.$inferInsert>().toEqualTypeOf<typeof sqlite.releaseChanges.$inferInsert>();
  expectTypeOf<typeof pg.releases.$inferSelect>().toEqualTypeOf<typeof sqlite.releases.$inferSelect>();
  expectTypeOf<typeof pg.releases.$inferInsert>().toEqualTypeOf<typeof sqlite.releases.$inferInsert>();
  expectTypeOf<typeof pg.scheduledPromotions.$inferSelect>().toEqualTypeOf<
    typeof sqlite.scheduledPromotions.$inferSelect
  >();
  expectTypeOf<typeof pg.scheduledPromotions.$inferInsert>().toEqualTypeOf<
    typeof sqlite.scheduledPromotions.$inferInsert
  >();
  expectTypeOf<typeof pg.sessions.$inferSelect>().toEqualTypeOf<typeof sqlite.sessions.$inferSelect>();
  expectTypeOf<typeof pg.sessions.$inferInsert>().toEqualTypeOf<typeof sqlite.sessions.$inferInsert>();
  expectTypeOf<typeof pg.signingSecrets.$inferSelect>().toEqualTypeOf<typeof sqlite.signingSecrets.$inferSelect>();
  expectTypeOf<typeof pg.signingSecrets.$inferInsert>().toEqualTypeOf<typeof sqlite.signingSecrets.$inferInsert>();
  expectTypeOf<typeof pg.signoffs.$inferSelect>().toEqualTypeOf<typeof sqlite.signoffs.$inferSelect>();
  expectTypeOf<typeof pg.signoffs.$inferInsert>().toEqualTypeOf<typeof sqlite.signoffs.$inferInsert>();
  expectTypeOf<typeof pg.storageProbes.$inferSelect>().toEqualTypeOf<typeof sqlite.storageProbes.$inferSelect>();
  expectTypeOf<typeof pg.storageProbes.$inferInsert>().toEqualTypeOf<typeof sqlite.storageProbes.$inferInsert>();
  expectTypeOf<typeof pg.taskCompletions.$inferSelect>().toEqualTypeOf<typeof sqlite.taskCompletions.$inferSelect>();
  expectTypeOf<typeof pg.taskCompletions.$inferInsert>().toEqualTypeOf<typeof sqlite.taskCompletions.$inferInsert>();
  expectTypeOf<typeof pg.teamMembers.$inferSelect>().toEqualTypeOf<typeof sqlite.teamMembers.$inferSelect>();
  expectTypeOf<typeof pg.teamMembers.$inferInsert>().toEqualTypeOf<typeof sqlite.teamMembers.$inferInsert>();
  expectTypeOf<typeof pg.teams.$inferSelect>().toEqualTypeOf<typeof sqlite.teams.$inferSelect>();
  expectTypeOf<typeof pg.teams.$inferInsert>().toEqualTypeOf<typeof sqlite.teams.$inferInsert>();
  expectTypeOf<typeof pg.testCaseFailures.$inferSelect>().toEqualTypeOf<typeof sqlite.testCaseFailures.$inferSelect>();
  expectTypeOf<typeof pg.testCaseFailures.$inferInsert>().toEqualTypeOf<typeof sqlite.testCaseFailures.$inferInsert>();
  expectTypeOf<typeof pg.transitions.$inferSelect>().toEqualTypeOf<typeof sqlite.transitions.$inferSelect>();
  expectTypeOf<typeof pg.transitions.$inferInsert>().toEqualTypeOf<typeof sqlite.transitions.$inferInsert>();
  expectTypeOf<typeof pg.users.$inferSelect>().toEqualTypeOf<typeof sqlite.users.$inferSelect>();
  expectTypeOf<typeof pg.users.$inferInsert>().toEqualTypeOf<typeof sqlite.users.$inferInsert>();
  expectTypeOf<typeof pg.verifications.$inferSelect>().toEqualTypeOf<typeof sqlite.verifications.$inferSelect>();
  expectTypeOf<typeof pg.verifications.$inferInsert>().toEqualTypeOf<typeof sqlite.verifications.$inferInsert>();
});
