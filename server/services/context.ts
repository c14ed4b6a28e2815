import type { z } from "zod";
import type { Db } from "../../db/client";
import { can, type Actor, type Permission } from "../domain/permissions";
import { forbidden, invalid } from "../errors";
import { roleLabels } from "../domain/permissions";
import { committed } from "../live/commits";
import { settleOpenGroup } from "../engine/group-commit";

/** What every verb is called with: the database, who is acting, and the clock. */
export type ServiceContext = {
  db: Db;
  actor: Actor;
  /** Injected in tests; the real clock otherwise. */
  now?: () => Date;
};

export type VerbArgs<TInput> = { ctx: ServiceContext; input: TInput };

export const clock = (ctx: ServiceContext): Date => (ctx.now ? ctx.now() : new Date());

/** The actor columns every recorded row carries (see db/schema/columns.ts). */
export const actorColumnsOf = (actor: Actor) => ({ actorType: actor.type, actorId: actor.id, actorName: actor.name });

const actions: Record<Permission, string> = {
  read: "see this",
  "release.create": "create releases",
  "release.move": "move releases",
  "release.override": "override gates",
  "release.abandon": "abandon releases",
  "check.record": "record check results",
  "task.tick": "tick off manual tasks",
  "environment.lock": "lock or unlock environments",
  "pipeline.edit": "edit pipelines",
  "token.manage": "manage tokens",
  signoff: "sign off releases",
  "user.manage": "manage users",
  "user.list": "list users",
};

export function authorize(ctx: ServiceContext, permission: Permission, projectId?: number): void {
  if (can(ctx.actor, permission, projectId)) return;
  const who =
    ctx.actor.type === "user"
      ? `a ${roleLabels[ctx.actor.role]}`
      : ctx.actor.type === "token"
        ? `this token (scope ${ctx.actor.scope})`
        : "the system";
  throw forbidden(`You may not ${actions[permission]}: ${who} cannot.`);
}

/** Validates a verb's input with its zod schema; a failure lists every field problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(input)",
    message: issue.message,
  }));
  const first = fields[0]!;
  throw invalid(
    fields.length === 1 ? `${first.path}: ${first.message}` : `${fields.length} problems, first: ${first.path}: ${first.message}`,
    fields,
  );
}

/** Runs a write as one BEGIN IMMEDIATE transaction, so concurrent writers queue instead of failing. */
export function writeTransaction<T>(ctx: ServiceContext, work: (tx: Parameters<Parameters<Db["transaction"]>[0]>[0]) => T): T {
  // A group commit of webhooks still open on the connection is committed first (unless
  // this verb runs inside it), so this write is answered after a commit of its own.
  settleOpenGroup(ctx.db);
  const result = ctx.db.transaction(work, { behavior: "immediate" });
  // Open live feeds hear of it now, not at their next poll.
  committed(ctx.db);
  return result;
}
