/**
 * The tables every query is written against, for whichever database this process opened
 * (issue 23: one query, two dialects). Each name is a live binding: it is SQLite's table
 * (db/schema/sqlite.ts) until a Postgres database is opened, then Postgres' mirror of it
 * (db/schema-pg, whose row types equal SQLite's: row-types.test.ts). Drizzle builds SQL and
 * encodes values from the table a query names, so a query on Postgres must name Postgres'
 * tables; swapping the binding means no query is written twice and none branches on the
 * database. A process uses one dialect at a time (db/client.ts refuses a second), and a
 * module must read these at query time, never copy one into a constant of its own at load.
 */
import * as sqlite from "./sqlite";
import * as postgres from "../schema-pg";

// Types, enums and relations: the same for both (the relations are only read by a drizzle
// instance of their own dialect, given its schema when the database is opened).
export * from "./sqlite";

export type Dialect = "sqlite" | "postgres";
let current: Dialect = "sqlite";

/** The dialect the tables below are now: SQL that differs by database asks it (db/dialect.ts). */
export const currentDialect = (): Dialect => current;

export let projects = sqlite.projects;
export let environments = sqlite.environments;
export let freezeWindows = sqlite.freezeWindows;
export let environmentLocks = sqlite.environmentLocks;
export let releases = sqlite.releases;
export let releaseChanges = sqlite.releaseChanges;
export let checkResults = sqlite.checkResults;
export let testCaseFailures = sqlite.testCaseFailures;
export let latestCheckResults = sqlite.latestCheckResults;
export let signoffs = sqlite.signoffs;
export let taskCompletions = sqlite.taskCompletions;
export let transitions = sqlite.transitions;
export let projectTokens = sqlite.projectTokens;
export let signingSecrets = sqlite.signingSecrets;
export let deliveries = sqlite.deliveries;
export let idempotencyKeys = sqlite.idempotencyKeys;
export let auditEvents = sqlite.auditEvents;
export let users = sqlite.users;
export let sessions = sqlite.sessions;
export let accounts = sqlite.accounts;
export let verifications = sqlite.verifications;
export let scheduledPromotions = sqlite.scheduledPromotions;
export let deployments = sqlite.deployments;
export let outbox = sqlite.outbox;
export let outboxAttempts = sqlite.outboxAttempts;
export let notificationPreferences = sqlite.notificationPreferences;
export let notifications = sqlite.notifications;
export let auditCheckpoints = sqlite.auditCheckpoints;
export let personalTokens = sqlite.personalTokens;
export let teams = sqlite.teams;
export let teamMembers = sqlite.teamMembers;
export let storageProbes = sqlite.storageProbes;
export let invitations = sqlite.invitations;
export let signInFailures = sqlite.signInFailures;
export let accountLocks = sqlite.accountLocks;
export let releaseStays = sqlite.releaseStays;
export let releaseStayDays = sqlite.releaseStayDays;

/** Points every table above at `dialect`'s (db/client.ts calls it when a database is opened). */
export function switchTablesTo(dialect: Dialect): void {
  if (dialect === current) return;
  current = dialect;
  const of = (dialect === "postgres" ? postgres : sqlite) as unknown as typeof sqlite;
  projects = of.projects;
  environments = of.environments;
  freezeWindows = of.freezeWindows;
  environmentLocks = of.environmentLocks;
  releases = of.releases;
  releaseChanges = of.releaseChanges;
  checkResults = of.checkResults;
  testCaseFailures = of.testCaseFailures;
  latestCheckResults = of.latestCheckResults;
  signoffs = of.signoffs;
  taskCompletions = of.taskCompletions;
  transitions = of.transitions;
  projectTokens = of.projectTokens;
  signingSecrets = of.signingSecrets;
  deliveries = of.deliveries;
  idempotencyKeys = of.idempotencyKeys;
  auditEvents = of.auditEvents;
  users = of.users;
  sessions = of.sessions;
  accounts = of.accounts;
  verifications = of.verifications;
  scheduledPromotions = of.scheduledPromotions;
  deployments = of.deployments;
  outbox = of.outbox;
  outboxAttempts = of.outboxAttempts;
  notificationPreferences = of.notificationPreferences;
  notifications = of.notifications;
  auditCheckpoints = of.auditCheckpoints;
  personalTokens = of.personalTokens;
  teams = of.teams;
  teamMembers = of.teamMembers;
  storageProbes = of.storageProbes;
  invitations = of.invitations;
  signInFailures = of.signInFailures;
  accountLocks = of.accountLocks;
  releaseStays = of.releaseStays;
  releaseStayDays = of.releaseStayDays;
}
