import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { placeholdersFor, prepared } from "../../db/prepared";
import { deliveries, idempotencyKeys, projectTokens, type DeliveryOutcome, type Project } from "../../db/schema";
import type { Actor, TokenScope } from "../domain/permissions";
import { activeSigningSecrets } from "../queries/tokens";
import { tokenDigest, tokenPrefix } from "../services/tokens";
import { projectBySlugOrNull } from "../engine/lookup";
import { problem, problemFrom, problemResponse, refuse, type Problem } from "./problem";
import { readBody } from "./read-body";
import { verifyGitHubSignature, verifyGitLabToken, verifyStandardWebhook } from "./signatures";
import { writeGrouped } from "../engine/group-commit";

/** How a caller may prove who it is on an endpoint. */
export type AuthScheme = "token-or-signature" | "token" | "github" | "gitlab";

export type ApiCall = {
  project: Project;
  /** A CI token or webhook sender; or the signed-in person who sent a stored delivery again. */
  actor: Actor;
  raw: Buffer;
  request: Request;
  /** The database to write through: the transaction the call runs in. */
  db: Db;
  /** What the endpoint's `prepare` made of the body, before the transaction. */
  prepared?: unknown;
};

export type ApiResult = { status: number; body: unknown; outcome?: DeliveryOutcome; event?: string };

/** A stored delivery sent again by a person: they are the authority, the original sender is kept on the record. */
export type SentAgain = { by: Actor; sender: string };

type Endpoint = {
  name: string;
  projectSlug: string;
  maxBytes: number;
  auth: AuthScheme;
  /** Reads the response without writing (GET); no transaction, no idempotency. */
  readOnly?: boolean;
  /**
   * Slow work on an authenticated body, done before the transaction so it can yield to
   * the event loop (a JUnit report is parsed in slices); its result is `call.prepared`.
   */
  prepare?: (raw: Buffer) => Promise<unknown>;
};

const bodyCopyLimit = 64 * 1024;
/** Someone who could not authenticate gets this much of their body kept, not 64 KiB. */
const unauthenticatedBodyCopyLimit = 1024;
const maxKeyLength = 255;

/** Stands in for a project that does not exist: no token or secret belongs to it, so authentication fails as for a known one. */
const unknownProjectId = -1;

/**
 * The request's idempotency key. A signed request's key is its `webhook-id`, which the
 * signature covers; GitHub's is `X-GitHub-Delivery`. Any other idempotency header on
 * such a request is ignored: it is not signed, so a captured delivery replayed with a
 * fresh key would otherwise run again.
 */
function idempotencyKeyOf(request: Request, actor: Actor): string | null {
  const header = (name: string) => request.headers.get(name);
  const key =
    actor.id === "webhook" ? header("webhook-id") : actor.id === "github" ? header("x-github-delivery") : (header("idempotency-key") ?? header("webhook-id") ?? header("x-github-delivery"));
  if (key && key.length > maxKeyLength) throw refuse(422, `The idempotency key is longer than ${maxKeyLength} characters`);
  return key || null;
}

/** What a key is bound to besides itself: the credential, the endpoint and the path (so the release). */
const keyScope = (actor: Actor, endpoint: string, request: Request) => `${actor.id}|${endpoint}|${new URL(request.url).pathname}`;

function requestHash(request: Request, raw: Buffer): string {
  const url = new URL(request.url);
  return createHash("sha256")
    .update(`${request.method} ${url.pathname}${url.search}\n${request.headers.get("content-type") ?? ""}\n`)
    .update(raw)
    .digest("hex");
}

function authenticate(db: Db, projectId: number, request: Request, raw: Buffer, scheme: AuthScheme): Actor & { type: "token" } {
  const authorization = request.headers.get("authorization");
  if (authorization && scheme !== "github" && scheme !== "gitlab") {
    const [kind, token] = authorization.split(" ", 2);
    if (kind?.toLowerCase() !== "bearer" || !token?.startsWith(tokenPrefix)) {
      throw refuse(401, "Authorization must be `Bearer rb_…` with a project token (npx releaseboard token create)");
    }
    const row = prepared(db, "tokenByHash", (d) =>
      d
        .select()
        .from(projectTokens)
        .where(and(eq(projectTokens.tokenHash, sql.placeholder("hash")), isNull(projectTokens.revokedAt)))
        .prepare(),
    ).get({ hash: tokenDigest(token) });
    // A token of another project is as unknown here as a made-up one.
    if (!row || row.projectId !== projectId) throw refuse(401, "The token is unknown, revoked, or belongs to another project");
    return { type: "token", id: `token-${row.id}`, name: row.name, projectId: projectId, scope: row.scope as TokenScope };
  }
  const secrets = () => activeSigningSecrets(db, projectId);
  if (scheme === "github") {
    const signature = request.headers.get("x-hub-signature-256");
    if (!signature) throw refuse(401, "X-Hub-Signature-256 is missing: set the webhook's secret to the project's signing secret");
    if (!verifyGitHubSignature(raw, signature, secrets())) throw refuse(401, "X-Hub-Signature-256 does not match the body and the project's signing secret");
    return { type: "token", id: "github", name: "GitHub", projectId: projectId, scope: "report" };
  }
  if (scheme === "gitlab") {
    const token = request.headers.get("x-gitlab-token");
    if (!token || !verifyGitLabToken(token, secrets())) throw refuse(401, "X-Gitlab-Token is missing or is not the project's signing secret");
    return { type: "token", id: "gitlab", name: "GitLab", projectId: projectId, scope: "report" };
  }
  const id = request.headers.get("webhook-id");
  const timestamp = request.headers.get("webhook-timestamp");
  const signature = request.headers.get("webhook-signature");
  if (scheme === "token-or-signature" && id && timestamp && signature) {
    const verdict = verifyStandardWebhook(raw, { id, timestamp, signature }, secrets());
    if (verdict === "stale") throw refuse(401, "webhook-timestamp is more than 5 minutes from the server's clock");
    if (verdict === "bad") throw refuse(401, "webhook-signature does not match the body and the project's signing secret");
    return { type: "token", id: "webhook", name: "Signed webhook", projectId: projectId, scope: "report" };
  }
  throw refuse(401, "Authenticate with `Authorization: Bearer rb_…` or Standard Webhooks signature headers");
}

const deliveryColumns = ["projectId", "method", "endpoint", "path", "event", "deliveryKey", "statusCode", "outcome", "error", "contentType", "body", "bodyTruncated", "sender", "resentBy", "createdAt"] as const;
const insertDelivery = (db: Db) =>
  prepared(db, "insertDelivery", (d) =>
    d
      .insert(deliveries)
      .values(placeholdersFor(deliveries, deliveryColumns))
      .prepare(),
  );

type DeliveryEntry = {
  project: Project | null;
  request: Request;
  endpoint: string;
  raw: Buffer | null;
  status: number;
  outcome: DeliveryOutcome;
  error?: string;
  event?: string;
  key: string | null;
  /** Who authenticated it; null when nobody did (then only 1 KiB of the body is kept). */
  sender: string | null;
  resentBy: string | null;
};

const senderOf = (actor: Actor) => `${actor.name} (${actor.id})`;
const personOf = (actor: Actor) => ("email" in actor && typeof actor.email === "string" ? `${actor.name} <${actor.email}>` : `${actor.name} (${actor.id})`);

function logDelivery(db: Db, entry: DeliveryEntry) {
  try {
    const limit = entry.sender || entry.resentBy ? bodyCopyLimit : unauthenticatedBodyCopyLimit;
    const text = entry.raw ? entry.raw.subarray(0, limit).toString("utf8") : null;
    insertDelivery(db).run({
        projectId: entry.project?.id ?? null,
        method: entry.request.method,
        endpoint: entry.endpoint,
        path: (() => {
          const url = new URL(entry.request.url);
          return `${url.pathname}${url.search}`;
        })(),
        event: entry.event ?? entry.request.headers.get("x-github-event") ?? entry.request.headers.get("x-gitlab-event") ?? null,
        deliveryKey: entry.key,
        statusCode: entry.status,
        outcome: entry.outcome,
        error: entry.error ?? null,
        contentType: entry.request.headers.get("content-type"),
        body: text,
        bodyTruncated: (entry.raw?.length ?? 0) > limit,
        sender: entry.sender,
        resentBy: entry.resentBy,
        createdAt: new Date(),
      });
  } catch (error) {
    console.error("[api] could not log a delivery", error);
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/**
 * Runs one public API request: finds the project, reads the body within its limit,
 * authenticates, replays the first response to a repeated idempotency key, and runs the
 * handler in one transaction that also stores that response; every request, whatever
 * became of it, lands in the delivery log. Refused requests write nothing else.
 */
export async function serveApi(
  db: Db,
  request: Request,
  endpoint: Endpoint,
  handle: (call: ApiCall) => ApiResult,
  /** Set when a person sends a stored delivery again from the settings page. */
  sentAgain?: SentAgain,
): Promise<Response> {
  let project: Project | null = null;
  let raw: Buffer | null = null;
  let key: string | null = null;
  let sender: string | null = sentAgain?.sender ?? null;
  const resentBy = sentAgain ? personOf(sentAgain.by) : null;
  try {
    project = projectBySlugOrNull(db, endpoint.projectSlug);
    raw = await readBody(request, endpoint.maxBytes);
    // An unknown project is answered as a known one without the right credentials (401),
    // so project slugs cannot be listed without a credential.
    const actor: Actor = sentAgain?.by ?? authenticate(db, project?.id ?? unknownProjectId, request, raw, endpoint.auth);
    if (!sentAgain) sender = senderOf(actor);
    if (!project) throw refuse(401, "Authenticate with `Authorization: Bearer rb_…` or Standard Webhooks signature headers");
    const found = project;
    if (found.archivedAt && !endpoint.readOnly) throw refuse(409, `${found.name} is archived; restore it in its settings to take new releases and results`);
    key = endpoint.readOnly ? null : idempotencyKeyOf(request, actor);
    const scope = keyScope(actor, endpoint.name, request);
    const hash = key ? requestHash(request, raw) : "";
    const preparedBody = endpoint.prepare ? await endpoint.prepare(raw) : undefined;
    const answer = (tx: Db) => {
      if (key) {
        const first = tx
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.projectId, found.id), eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
          .get();
        if (first && first.requestHash !== hash) throw refuse(422, "idempotency key reused with a different request");
        if (first) return { replay: true, status: first.statusCode, body: JSON.parse(first.responseBody) as unknown, outcome: "accepted" as const };
      }
      const result = handle({ project: found, actor, raw: raw!, request, db: tx, prepared: preparedBody });
      if (key && result.status < 300) {
        tx.insert(idempotencyKeys).values({ projectId: found.id, key, scope, requestHash: hash, statusCode: result.status, responseBody: JSON.stringify(result.body) }).run();
      }
      if (!endpoint.readOnly && actor.id.startsWith("token-")) {
        prepared(tx, "tokenUsed", (d) =>
          d.update(projectTokens).set({ lastUsedAt: sql.placeholder("at") as unknown as Date }).where(eq(projectTokens.id, sql.placeholder("id"))).prepare(),
        ).run({ at: new Date(), id: Number(actor.id.slice(6)) });
      }
      return { replay: false, ...result };
    };
    const run = (tx: Db) => {
      const result = answer(tx);
      // Logged in the request's own transaction: one commit, and the log never says
      // "accepted" for a write that was rolled back.
      logDelivery(tx, { project: found, request, endpoint: endpoint.name, raw, status: result.status, outcome: result.outcome ?? "accepted", event: "event" in result ? result.event : undefined, key, sender, resentBy });
      return result;
    };
    // One savepoint in a group commit (answered after the shared COMMIT): ten copies of a
    // delivery arriving together queue here, and all but the first find the stored response.
    const result = endpoint.readOnly ? run(db) : await writeGrouped(db, (tx) => run(tx as unknown as Db));
    return json(result.status, result.body, result.replay ? { "idempotent-replayed": "true" } : {});
  } catch (error) {
    const body: Problem = problemFrom(error);
    logDelivery(db, { project, request, endpoint: endpoint.name, raw, status: body.status, outcome: "refused", error: body.detail, key, sender, resentBy });
    return problemResponse(body, body.status === 401 ? { "www-authenticate": 'Bearer realm="releaseboard"' } : {});
  }
}

export const unsupportedMediaType = (type: string | null) =>
  refuse(415, `Send application/json, or a JUnit report as application/xml or text/xml (got ${type ?? "no Content-Type"})`);

export { problem };
