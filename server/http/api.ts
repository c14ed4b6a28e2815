import type { Db, Queryable } from "../../db/client";
import type { Project } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { conflict, invalid, unauthenticated } from "../errors";
import { activeSigningSecrets } from "../queries/tokens";
import {
  authenticatePersonalToken,
  authenticateToken,
  idempotentCall,
  logDelivery,
  type ApiAnswer,
  type DeliveryFacts,
} from "../services/api-call";
import { personalTokenPrefix, tokenPrefix } from "../services/tokens";
import { projectBySlugOrNull } from "../engine";
import { problemFrom, problemResponse } from "./problem";
import { readBody } from "./read-body";
import { UnloggedRequests } from "./unlogged-requests";
import { verifyStandardWebhook } from "./signatures";
import type { WebhookAuth } from "./webhooks/source";

/** How a caller may prove who it is on an endpoint: a project token, Standard Webhooks, or an inbound source's own scheme. */
export type AuthScheme = "token-or-signature" | "token" | WebhookAuth;

/** What an endpoint's handler gets: the request as read, who sent it, and the database to write through. */
export type ApiCall = {
  project: Project;
  /** A CI token or webhook sender; or the signed-in person who sent a stored delivery again. */
  actor: Actor;
  raw: Buffer;
  contentType: string | null;
  query: URLSearchParams;
  /** The event the source's event header names (GitHub's X-GitHub-Event); null where it has none. */
  event: string | null;
  /** The release in the path, for the endpoints under …/releases/{version}. */
  version: string;
  /** The transaction the call runs in. */
  db: Queryable;
  /** What the endpoint's `prepare` made of the body, before the transaction. */
  prepared?: unknown;
};

export type Endpoint = {
  name: string;
  /** The most body it reads, by the request's media type. */
  maxBytes: (mediaType: string | null) => number;
  auth: AuthScheme;
  /** The header naming the event (X-GitHub-Event), for the handler and the delivery log. */
  eventHeader?: string;
  /** Reads the response without writing (GET); no transaction, no idempotency. */
  readOnly?: boolean;
  /** May a person send a stored delivery of it again (from the delivery log)? */
  resendable?: boolean;
  handle: (call: ApiCall) => Promise<ApiAnswer>;
  /**
   * Slow work on an authenticated body, done before the transaction so it can yield to
   * the event loop (a JUnit report is parsed in slices); its result is `call.prepared`.
   */
  prepare?: (raw: Buffer, mediaType: string | null) => Promise<unknown>;
};

export type ApiParams = { project: string; version?: string };

const maxKeyLength = 255;
/** Stands in for a project that does not exist: no token or secret belongs to it, so authentication fails as for a known one. */
const unknownProjectId = -1;
const authenticateHint = "Authenticate with `Authorization: Bearer rb_…` or Standard Webhooks signature headers";

export const mediaTypeOf = (contentType: string | null) => contentType?.split(";")[0]?.trim().toLowerCase() ?? null;

/**
 * The request's idempotency key. A signed request's key is its `webhook-id`, which the
 * signature covers; GitHub's is `X-GitHub-Delivery`. Any other idempotency header on
 * such a request is ignored: it is not signed, so a captured delivery replayed with a
 * fresh key would otherwise run again.
 */
function idempotencyKeyOf(request: Request, actor: Actor, scheme: AuthScheme): string | null {
  const header = (name: string) => request.headers.get(name);
  const key =
    actor.id === "webhook"
      ? header("webhook-id")
      : typeof scheme === "object"
        ? scheme.deliveryHeader
          ? header(scheme.deliveryHeader)
          : null
        : (header("idempotency-key") ?? header("webhook-id") ?? header("x-github-delivery"));
  if (key && key.length > maxKeyLength) throw invalid(`The idempotency key is longer than ${maxKeyLength} characters`);
  return key || null;
}

type Caller = { actor: Actor; tokenId: number | null };

async function authenticate(
  db: Db,
  projectId: number,
  request: Request,
  raw: Buffer,
  scheme: AuthScheme,
): Promise<Caller> {
  const authorization = request.headers.get("authorization");
  if (authorization && typeof scheme === "string") {
    const [kind, token] = authorization.split(" ", 2);
    if (kind?.toLowerCase() === "bearer" && token?.startsWith(personalTokenPrefix))
      return authenticatePersonalToken(db, token);
    if (kind?.toLowerCase() !== "bearer" || !token?.startsWith(tokenPrefix)) {
      throw unauthenticated(
        "Authorization must be `Bearer rb_…` with a project token, or `Bearer rbp_…` with a personal access token",
      );
    }
    return authenticateToken(db, projectId, token);
  }
  const secrets = () => activeSigningSecrets(db, projectId);
  // A signed sender holds the project's signing secret, which a release manager gives to the CI
  // and deploy systems (GitHub and GitLab deployment events come signed): it may report
  // deployments, never move releases (README: Security).
  const sender = (id: string, name: string): Caller => ({
    actor: { type: "token", id, name, projectId, scope: "deploy" },
    tokenId: null,
  });
  if (typeof scheme === "object" && "basicToken" in scheme) {
    const [kind, encoded] = (authorization ?? "").split(" ", 2);
    const decoded = kind?.toLowerCase() === "basic" && encoded ? Buffer.from(encoded, "base64").toString("utf8") : "";
    const password = decoded.slice(decoded.indexOf(":") + 1);
    if (!decoded.includes(":") || !password.startsWith(tokenPrefix))
      throw unauthenticated("Authorization must be HTTP Basic with a project token (rb_…) as the password");
    return authenticateToken(db, projectId, password);
  }
  if (typeof scheme === "object") {
    const problem = scheme.verify(request, raw, await secrets(), new Date());
    if (problem) throw unauthenticated(problem);
    return sender(scheme.sender.id, scheme.sender.name);
  }
  const id = request.headers.get("webhook-id");
  const timestamp = request.headers.get("webhook-timestamp");
  const signature = request.headers.get("webhook-signature");
  if (scheme === "token-or-signature" && id && timestamp && signature) {
    const verdict = verifyStandardWebhook(raw, { id, timestamp, signature }, await secrets());
    if (verdict === "stale") throw unauthenticated("webhook-timestamp is more than 5 minutes from the server's clock");
    if (verdict === "bad")
      throw unauthenticated("webhook-signature does not match the body and the project's signing secret");
    return sender("webhook", "Signed webhook");
  }
  throw unauthenticated(authenticateHint);
}

export const senderOf = (actor: Actor) => `${actor.name} (${actor.id})`;

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/**
 * Answers one public API request: finds the project, reads the body within its limit,
 * authenticates, and has the endpoint's verb run as an idempotent call (server/services/api-call.ts).
 * Every request that named a known project, whatever became of it, lands in the delivery
 * log; refused ones write nothing else.
 */
export async function serveApi(db: Db, request: Request, endpoint: Endpoint, params: ApiParams): Promise<Response> {
  const url = new URL(request.url);
  const contentType = request.headers.get("content-type");
  const facts: DeliveryFacts = {
    projectId: null,
    method: request.method,
    endpoint: endpoint.name,
    path: `${url.pathname}${url.search}`,
    event: endpoint.eventHeader ? request.headers.get(endpoint.eventHeader) : null,
    contentType,
    raw: null,
    key: null,
    sender: null,
    resentBy: null,
  };
  try {
    const project = await projectBySlugOrNull(db, params.project);
    facts.projectId = project?.id ?? null;
    const raw = await readBody(request, endpoint.maxBytes(mediaTypeOf(contentType)));
    facts.raw = raw;
    // An unknown project is answered as a known one without the right credentials (401),
    // so project slugs cannot be listed without a credential.
    const { actor, tokenId } = await authenticate(db, project?.id ?? unknownProjectId, request, raw, endpoint.auth);
    facts.sender = senderOf(actor);
    if (!project) throw unauthenticated(authenticateHint);
    if (project.archivedAt && !endpoint.readOnly)
      throw conflict(`${project.name} is archived; restore it in its settings to take new releases and results`);
    facts.key = endpoint.readOnly ? null : idempotencyKeyOf(request, actor, endpoint.auth);
    const prepared = endpoint.prepare ? await endpoint.prepare(raw, mediaTypeOf(contentType)) : undefined;
    const call = {
      project,
      actor,
      raw,
      contentType,
      query: url.searchParams,
      event: facts.event,
      version: params.version ?? "",
      prepared,
    };
    const answer = await idempotentCall(
      db,
      { project, actor, tokenId, readOnly: endpoint.readOnly ?? false, facts },
      (tx) => endpoint.handle({ ...call, db: tx }),
    );
    return json(answer.status, answer.body, answer.replay ? { "idempotent-replayed": "true" } : {});
  } catch (error) {
    return refused(db, facts, error);
  }
}

const unlogged = new UnloggedRequests((line) => console.warn(line));

/**
 * A refusal as problem+json, logged as refused in its project's delivery log; one that
 * named no known project (so nobody authenticated) is only counted (README: Security).
 */
export async function refused(db: Db, facts: DeliveryFacts, error: unknown): Promise<Response> {
  const problem = problemFrom(error);
  if (facts.projectId === null && !facts.sender) unlogged.add();
  else await logDelivery(db, facts, { status: problem.status, outcome: "refused", error: problem.detail });
  return problemResponse(
    error,
    problem.status === 401 ? { "www-authenticate": 'Bearer realm="releaseboard"' } : {},
    problem,
  );
}
