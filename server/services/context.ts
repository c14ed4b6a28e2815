import type { z } from "zod";
import { writeTransaction as transaction, type Queryable, type Tx } from "../../db/client";
import { can, type Actor, type Permission } from "../domain/permissions";
import { forbidden, invalidFromIssues } from "../errors";
import { roleLabels, scopesAllowing } from "../domain/permissions";
import { findProject, loadPipeline } from "../engine";

/** What every verb is called with: the database, who is acting, and the clock. */
export type ServiceContext = {
  /** The database, or the transaction of a caller that stores something with the verb's writes (an idempotent API call). */
  db: Queryable;
  actor: Actor;
  /** Injected in tests; the real clock otherwise. */
  now?: () => Date;
};

declare const unparsedBrand: unique symbol;
/** Input from outside that nobody has validated yet (a request body): the verb's zod schema decides. */
export type Unparsed = { readonly [unparsedBrand]: true };
/** Marks a value from outside as input for a verb, which parses it with its own schema. */
export const unparsed = (value: unknown) => value as Unparsed;

/** A verb's arguments: typed input from our own code, or `unparsed(…)` input from a transport. */
export type VerbArgs<TInput> = { ctx: ServiceContext; input: TInput | Unparsed };

export const clock = (ctx: ServiceContext): Date => (ctx.now ? ctx.now() : new Date());

export { actorColumnsOf } from "../engine";

const actions: Record<Permission, string> = {
  read: "see this",
  "release.create": "create releases",
  "release.move": "move releases",
  "release.override": "override gates",
  "release.abandon": "abandon releases",
  "check.record": "record check results",
  "deployment.report": "report deployments",
  "task.tick": "tick off manual tasks",
  "environment.lock": "lock or unlock environments",
  "pipeline.edit": "edit pipelines",
  "token.manage": "manage tokens",
  signoff: "sign off releases",
  "user.manage": "manage users",
  "user.list": "list users",
  "team.manage": "manage teams",
  "server.metrics": "read the server's metrics",
};

export function authorize(ctx: ServiceContext, permission: Permission, projectId?: number): void {
  if (can(ctx.actor, permission, projectId)) return;
  const scopes = scopesAllowing(permission);
  if (ctx.actor.type === "token" && scopes.length && (projectId === undefined || projectId === ctx.actor.projectId))
    throw forbidden(
      `This token has the ${ctx.actor.scope} scope; to ${actions[permission]} it needs ${scopes
        .map((s) => `--scope ${s}`)
        .join(" or ")} (npx releaseboard token create)`,
    );
  const who =
    ctx.actor.type === "user"
      ? `a ${roleLabels[ctx.actor.role]}`
      : ctx.actor.type === "token"
        ? `this token (scope ${ctx.actor.scope})`
        : "the system";
  throw forbidden(`You may not ${actions[permission]}: ${who} cannot.`);
}

/** The project named by `slug`, once the actor may do `permission` in it, with its pipeline. */
export async function authorizedProject(ctx: ServiceContext, tx: Tx, slug: string, permission: Permission) {
  const project = await findProject(tx, slug);
  authorize(ctx, permission, project.id);
  return { project, pipeline: await loadPipeline(tx, project.id) };
}

/** Validates a verb's input with its zod schema; a failure lists every field problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidFromIssues(parsed.error.issues);
}

/**
 * Runs a write as one BEGIN IMMEDIATE transaction, so concurrent writers queue instead of
 * failing. A group commit of webhooks still open is committed first (unless this verb runs
 * inside it), so this write is answered after a commit of its own; open live feeds hear of
 * the commit at once (db/client.ts).
 */
export async function writeTransaction<T>(ctx: ServiceContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(ctx.db, work);
}
