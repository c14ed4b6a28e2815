import { initTRPC, TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import superjson from "superjson";
import { ZodError } from "zod";
import {
  DomainError,
  domainErrorOf,
  errorStatus,
  fieldProblems,
  forbidden,
  invalid,
  trpcCode,
  unauthenticated,
  type FieldProblem,
} from "../errors";
import type { GateItem } from "../domain/gates";
import { can, roleLabels, type Actor, type Permission } from "../domain/permissions";
import type { ServiceContext } from "../services/context";
import type { TrpcContext } from "./context";

export type DomainErrorData = { code: DomainError["code"]; gates?: GateItem[]; fields?: FieldProblem[] } | null;

const describeFields = (fields: FieldProblem[]) =>
  fields.map((f) => (f.path === "(input)" ? f.message : `${f.path}: ${f.message}`)).join("; ");

/** An idle live stream sends a ping this often, so proxies that cut silent connections (often at 30–60 s) keep it. */
export const ssePingMs = 20_000;

/**
 * superjson, except that a frozen output is serialized once: a board snapshot is one frozen
 * object served to every viewer of a project (server/queries/board-snapshots.ts), and
 * serializing its dates cost about as much as the rest of a refetch (BENCHMARKS.md).
 */
const serializedOnce = new WeakMap<object, ReturnType<typeof superjson.serialize>>();
const transformer = {
  serialize(value: unknown) {
    if (typeof value !== "object" || value === null || !Object.isFrozen(value)) return superjson.serialize(value);
    let serialized = serializedOnce.get(value);
    if (!serialized) serializedOnce.set(value, (serialized = superjson.serialize(value)));
    return serialized;
  },
  deserialize: (value: Parameters<typeof superjson.deserialize>[0]) => superjson.deserialize(value),
};

/** A browser that hears nothing (not even a ping) for this long reconnects: the server or a proxy is gone. */
export const sseClientOptions = { reconnectAfterInactivityMs: 3 * ssePingMs };

const t = initTRPC.context<TrpcContext>().create({
  transformer,
  sse: { ping: { enabled: true, intervalMs: ssePingMs }, client: sseClientOptions },
  errorFormatter({ shape, error }) {
    // Input that fails a procedure's zod schema is reported like a verb's INVALID error.
    const cause =
      error.cause instanceof DomainError
        ? error.cause
        : error.cause instanceof ZodError
          ? invalid("Some fields are not valid", fieldProblems(error.cause.issues))
          : null;
    const internal = !cause && error.code === "INTERNAL_SERVER_ERROR";
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      // Never leak internals (SQL, paths) to the browser; the server log has them.
      // A zod error's own message is its issues as JSON; people get "field: problem" instead.
      message: internal
        ? "Something went wrong on the server; it has been logged."
        : error.cause instanceof ZodError && cause
          ? describeFields(cause.details.fields ?? [])
          : shape.message,
      data: {
        ...data,
        domain: (cause
          ? { code: cause.code, gates: cause.details.gates, fields: cause.details.fields }
          : null) as DomainErrorData,
      },
    };
  },
});

/**
 * A refusal before tRPC runs (CSRF, body limit), in the body tRPC gives its own errors,
 * with the same code and status as a procedure raising it would get.
 */
export function trpcErrorResponse(error: DomainError, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error: { message: error.message, code: trpcCode[error.code] } },
    { status: errorStatus[error.code], headers },
  );
}

/** An error as this router's handler would shape it for a client (the live stream's door sends it itself, server/trpc/live-stream.ts). */
export function errorShapeOf(error: TRPCError, path: string, input: unknown) {
  return getErrorShape({ config: t._config, error, type: "subscription", path, input, ctx: undefined });
}

/** A domain error as the tRPC error of its code (a subscription raises it itself: it streams after the middleware returned). */
export function trpcErrorOf(error: DomainError): TRPCError {
  return new TRPCError({ code: trpcCode[error.code], message: error.message, cause: error });
}

/** The one place domain errors become tRPC errors (the HTTP API has its twin in server/http/problem.ts). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    // A storage fault becomes UNAVAILABLE here (503, README: Faults), like a verb's own refusal.
    const cause = domainErrorOf(result.error.cause);
    if (cause) throw trpcErrorOf(cause);
    if (result.error.code === "INTERNAL_SERVER_ERROR") console.error("[trpc]", result.error.cause ?? result.error);
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(mapDomainErrors);

/** For the few procedures anyone may call (the first-run page). */
export const publicProcedure = base;

/** The caller, if signed in and allowed `permission`; else the refusal (also the live stream's door, server/trpc/live-stream.ts). */
export function allowedActor(actor: Actor | null, permission: Permission): Actor {
  if (!actor) throw unauthenticated();
  if (!can(actor, permission))
    throw forbidden(`You may not do this as ${actor.type === "user" ? `a ${roleLabels[actor.role]}` : "this caller"}`);
  return actor;
}

/**
 * A procedure that needs a caller allowed `permission` (README: People, roles and sign-in). Verbs check again
 * against the project they touch; this refuses early what no project would allow.
 */
export function procedureFor(permission: Permission) {
  return base.use(({ ctx, next }) => {
    const actor = allowedActor(ctx.actor, permission);
    const service: ServiceContext = { db: ctx.db, actor };
    return next({ ctx: { ...ctx, actor, service } });
  });
}
