import { createHash } from "node:crypto";
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { timeParam } from "../../db/dialect";
import {
  connectionOf,
  first,
  healthOf,
  placeholdersFor,
  preparedQuery,
  type Db,
  type Queryable,
  type Tx,
} from "../../db/client";
import {
  deliveries,
  idempotencyKeys,
  projectTokens,
  type Delivery,
  type DeliveryOutcome,
  type Project,
  personalTokens,
  users,
} from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { conflict, invalid, notFound, unauthenticated } from "../errors";
import { writeGrouped } from "../engine";
import { tokenDigest } from "./tokens";
import { capDeliveriesAfterInsert } from "./delivery-log";

/** What a public API endpoint answers: the status and JSON body, and how the delivery log files it. */
export type ApiAnswer = {
  status: number;
  body: unknown;
  outcome?: DeliveryOutcome;
  event?: string;
  /** Why it was ignored (or stale), for the delivery log. */
  note?: string;
};

/** A request to the public API as the delivery log keeps it. */
export type DeliveryFacts = {
  projectId: number | null;
  method: string;
  endpoint: string;
  /** Path and query as received. */
  path: string;
  event: string | null;
  contentType: string | null;
  raw: Buffer | null;
  key: string | null;
  /** Who authenticated it; null when nobody did (then only 1 KiB of the body is kept). */
  sender: string | null;
  /** The person who sent a stored delivery again. */
  resentBy: string | null;
};

const bodyCopyLimit = 64 * 1024;
/** Someone who could not authenticate gets this much of their body kept, not 64 KiB. */
const unauthenticatedBodyCopyLimit = 1024;
/** At most this much of a path and query is kept (a cut one ends in "…" and cannot be sent again). */
export const pathCopyLimit = 1024;
/** Headers copied into the log (event, content type) and the error are kept to this length. */
const headerCopyLimit = 200;
const errorCopyLimit = 1024;

/** `text` within `limit` characters; a cut one ends in "…", which no URL or header as received contains. */
const cut = <T extends string | null>(text: T, limit: number): T =>
  (text !== null && text.length > limit ? `${text.slice(0, limit - 1)}…` : text) as T;

// The statements every API call runs, prepared once (db/client.ts: preparedQuery).
const deliveryColumns = [
  "projectId",
  "method",
  "endpoint",
  "path",
  "event",
  "deliveryKey",
  "statusCode",
  "outcome",
  "error",
  "contentType",
  "body",
  "bodyTruncated",
  "sender",
  "resentBy",
  "createdAt",
] as const;
const insertDelivery = preparedQuery((db) =>
  db.insert(deliveries).values(placeholdersFor(deliveries, deliveryColumns)).returning({ id: deliveries.id }).prepare(),
);
const tokenByHash = preparedQuery((db) =>
  db
    .select()
    .from(projectTokens)
    .where(and(eq(projectTokens.tokenHash, sql.placeholder("hash")), isNull(projectTokens.revokedAt)))
    .prepare(),
);
/**
 * A token's last use, written at most once a minute: a setting page's "last used" needs no more,
 * and an UPDATE built and written per request was ~6 % of the results path's CPU (BENCHMARKS.md).
 */
const tokenUsed = preparedQuery((db) =>
  db
    .update(projectTokens)
    .set({ lastUsedAt: sql`${sql.placeholder("now")}` })
    .where(
      and(
        eq(projectTokens.id, sql.placeholder("id")),
        or(isNull(projectTokens.lastUsedAt), lt(projectTokens.lastUsedAt, sql.placeholder("stale"))),
      ),
    )
    .prepare(),
);
const tokenUseGranularityMs = 60_000;

const storedAnswer = preparedQuery((db) =>
  db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.projectId, sql.placeholder("projectId")),
        eq(idempotencyKeys.scope, sql.placeholder("scope")),
        eq(idempotencyKeys.key, sql.placeholder("key")),
      ),
    )
    .prepare(),
);

/**
 * Adds a request, whatever became of it, to its project's delivery log, with its path,
 * headers and body cut to their limits and the log's caps enforced every hundred entries
 * (services/delivery-log.ts); a failure to log is logged, never raised.
 */
export async function recordDelivery(
  db: Tx,
  facts: DeliveryFacts,
  outcome: { status: number; outcome: DeliveryOutcome; error?: string; event?: string },
  /** Written inside the call's own transaction (its answer depends on this write landing). */
  inCall = false,
): Promise<void> {
  const connection = connectionOf(db);
  try {
    const limit = facts.sender || facts.resentBy ? bodyCopyLimit : unauthenticatedBodyCopyLimit;
    const [inserted] = await insertDelivery(db).execute({
      projectId: facts.projectId,
      method: cut(facts.method, headerCopyLimit),
      endpoint: facts.endpoint,
      path: cut(facts.path, pathCopyLimit),
      event: cut(outcome.event ?? facts.event, headerCopyLimit),
      deliveryKey: facts.key,
      statusCode: outcome.status,
      outcome: outcome.outcome,
      error: cut(outcome.error ?? null, errorCopyLimit),
      contentType: cut(facts.contentType, headerCopyLimit),
      body: facts.raw ? facts.raw.subarray(0, limit).toString("utf8") : null,
      bodyTruncated: (facts.raw?.length ?? 0) > limit,
      sender: facts.sender,
      resentBy: facts.resentBy,
      createdAt: new Date(),
    });
    if (inserted) await capDeliveriesAfterInsert(db, inserted.id, facts.projectId);
  } catch (error) {
    // Inside a call, SQLite rolled the whole transaction back (a full disk): the call's own writes
    // are gone with it, so the call fails with the storage error (503), not answered as written.
    if (inCall && !connection?.inTransaction) throw error;
    // A storage fault is logged once, when it starts (server/jobs/storage-watch.ts), not per request.
    if (healthOf(db)?.failed(error)) return;
    console.error("[api] could not log a delivery", error);
  }
}

/** A project token that authenticates a request to `projectId`, as the actor it acts as and its row id. */
export async function authenticateToken(
  db: Queryable,
  projectId: number,
  token: string,
): Promise<{ actor: Actor; tokenId: number }> {
  const row = await first(await tokenByHash(db).execute({ hash: tokenDigest(token) }));
  // A token of another project is as unknown here as a made-up one.
  if (!row || row.projectId !== projectId)
    throw unauthenticated("The token is unknown, revoked, or belongs to another project");
  return {
    actor: { type: "token", id: `token-${row.id}`, name: row.name, projectId, scope: row.scope },
    tokenId: row.id,
  };
}

/**
 * A personal access token (rbp_…): the API as its owner, with their role, while the token is
 * neither revoked nor expired and the account not disabled (README: Personal access tokens).
 */
export async function authenticatePersonalToken(
  db: Queryable,
  token: string,
  now = new Date(),
): Promise<{ actor: Actor; tokenId: null }> {
  const owner = await first(
    db
      .select({ id: users.id, name: users.name, role: users.role })
      .from(personalTokens)
      .innerJoin(users, eq(users.id, personalTokens.userId))
      .where(
        and(
          eq(personalTokens.tokenHash, tokenDigest(token)),
          isNull(personalTokens.revokedAt),
          gt(personalTokens.expiresAt, now),
          isNull(users.disabledAt),
        ),
      ),
  );
  if (!owner)
    throw unauthenticated("The personal access token is unknown, revoked or expired, or its account is disabled");
  return { actor: { type: "user", id: owner.id, name: owner.name, role: owner.role }, tokenId: null };
}

export type ApiCallOf = {
  project: Project;
  actor: Actor;
  /** The project token that authenticated it, whose last use is recorded; null for signatures and people. */
  tokenId: number | null;
  /** A GET: no transaction, no idempotency, nothing written but the log entry. */
  readOnly: boolean;
  facts: DeliveryFacts;
};

/**
 * Runs one public API call: the first response to a repeated idempotency key is answered
 * again without running anything; otherwise `work` runs (its verbs writing through the
 * transaction it is given) and its response is stored under the key, all in one BEGIN
 * IMMEDIATE transaction, so ten copies of a delivery arriving together queue here and all
 * but the first find the stored response. The delivery is logged in the same transaction:
 * the log never says "accepted" for a write that was rolled back.
 */
export async function idempotentCall(
  db: Db,
  call: ApiCallOf,
  work: (db: Queryable) => Promise<ApiAnswer>,
): Promise<ApiAnswer & { replay: boolean }> {
  const { facts } = call;
  // A key is bound to the credential, the endpoint and the path (so the release) besides itself.
  const scope = `${call.actor.id}|${facts.endpoint}|${facts.path.split("?")[0]}`;
  const hash = facts.key ? requestHash(facts) : "";
  const outcomeOf = (answer: ApiAnswer) => ({
    status: answer.status,
    outcome: answer.outcome ?? "accepted",
    event: answer.event,
    error: answer.note,
  });
  if (call.readOnly) {
    // A read runs on the database, outside any transaction; its log entry (and its idempotency
    // key, if it came with one) is then a grouped write of its own.
    return (async () => {
      const answer = await answerOnce(db, call, scope, hash, work);
      await logDelivery(db, facts, outcomeOf(answer), (tx) => keepAnswer(tx, call, scope, hash, answer));
      return answer;
    })();
  }
  // A write is one savepoint in a group commit, answered after the shared COMMIT (engine/group-commit.ts).
  return writeGrouped(db, async (tx) => {
    const answer = await answerOnce(tx, call, scope, hash, work);
    await keepAnswer(tx, call, scope, hash, answer);
    await recordDelivery(tx, facts, outcomeOf(answer), true);
    return answer;
  });
}

/**
 * Logs a request outside any transaction of its own (a refusal, a read) as one grouped
 * write, with `also` written in it; a failure to log is logged, never raised.
 */
export async function logDelivery(
  db: Db,
  facts: DeliveryFacts,
  outcome: { status: number; outcome: DeliveryOutcome; error?: string; event?: string },
  also?: (tx: Tx) => Promise<void>,
): Promise<void> {
  try {
    await writeGrouped(db, async (tx) => {
      await also?.(tx);
      await recordDelivery(tx, facts, outcome);
    });
  } catch (error) {
    if (healthOf(db)?.failed(error)) return;
    console.error("[api] could not log a delivery", error);
  }
}

/** Stores a first answer under its idempotency key, and notes the token's use. */
async function keepAnswer(
  tx: Tx,
  call: ApiCallOf,
  scope: string,
  hash: string,
  answer: ApiAnswer & { replay: boolean },
) {
  const key = call.facts.key;
  if (answer.replay) return;
  if (key && answer.status < 300) {
    await tx
      .insert(idempotencyKeys)
      .values({
        projectId: call.project.id,
        key,
        scope,
        requestHash: hash,
        statusCode: answer.status,
        responseBody: JSON.stringify(answer.body),
      });
  }
  if (!call.readOnly && call.tokenId !== null) {
    const now = Date.now();
    await tokenUsed(tx).execute({
      id: call.tokenId,
      now: timeParam(new Date(now)),
      stale: timeParam(new Date(now - tokenUseGranularityMs)),
    });
  }
}

async function answerOnce(
  tx: Queryable,
  call: ApiCallOf,
  scope: string,
  hash: string,
  work: (db: Queryable) => Promise<ApiAnswer>,
): Promise<ApiAnswer & { replay: boolean }> {
  const key = call.facts.key;
  if (key) {
    const stored = await first(await storedAnswer(tx).execute({ projectId: call.project.id, scope, key }));
    if (stored && stored.requestHash !== hash) throw invalid("idempotency key reused with a different request");
    if (stored)
      return {
        replay: true,
        status: stored.statusCode,
        body: JSON.parse(stored.responseBody) as unknown,
        outcome: "accepted",
      };
  }
  return { replay: false, ...(await work(tx)) };
}

function requestHash(facts: DeliveryFacts): string {
  return createHash("sha256")
    .update(`${facts.method} ${facts.path}\n${facts.contentType ?? ""}\n`)
    .update(facts.raw ?? Buffer.alloc(0))
    .digest("hex");
}

/**
 * A stored delivery that may be sent again on a person's authority: only whole bodies,
 * and only of deliveries that authenticated when they arrived (a refused anonymous
 * request can be inspected, never run on a person's authority).
 */
export async function resendableDelivery(
  db: Queryable,
  projectId: number,
  deliveryId: number,
): Promise<Delivery & { path: string; body: string; sender: string }> {
  const delivery = await first(
    db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.id, deliveryId), eq(deliveries.projectId, projectId))),
  );
  if (!delivery) throw notFound(`No delivery ${deliveryId} in this project`);
  const { path, body, sender } = delivery;
  if (!path || body === null) throw conflict("This delivery cannot be sent again: it has no stored body or endpoint");
  if (path.length >= pathCopyLimit && path.endsWith("…"))
    throw conflict("This delivery's path was longer than the stored copy, so it cannot be sent again");
  if (!sender)
    throw conflict("This delivery was not authenticated when it arrived, so it can be inspected but not sent again");
  if (delivery.bodyTruncated)
    throw conflict("This delivery's body was larger than the stored copy, so it cannot be sent again");
  return { ...delivery, path, body, sender };
}
