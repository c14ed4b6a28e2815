import type { IncomingMessage, ServerResponse } from "node:http";
import superjson from "superjson";
import { TRPCError } from "@trpc/server";
import { getTRPCErrorFromUnknown, isAbortError } from "@trpc/server/unstable-core-do-not-import";
import type { Db } from "../../db/client";
import type { Auth } from "../auth/auth";
import { actorFromRequest } from "../auth/session";
import { DomainError } from "../errors";
import type { LiveFeed, LiveUpdate } from "../live/feed";
import { boardEventsInput, projectStream } from "../live/stream";
import { sessionChecks } from "./context";
import { allowedActor, errorShapeOf, sseClientOptions, ssePingMs, trpcErrorOf } from "./init";

/** The board's live stream: what the browser's httpSubscriptionLink asks for `board.events`. */
export const liveStreamPath = "/api/trpc/board.events";

/**
 * `board.events` answered on server/main.ts's own door, before Next's request pipeline, as
 * /api/v1 is (BENCHMARKS.md: "A release day"): an open stream then holds a socket, a few
 * closures and two timers, not Next's request machinery for its whole life; and an update,
 * one frozen object per burst for all of a project's viewers (server/live/feed.ts), is
 * serialized once and written to every stream as the same bytes. It speaks tRPC's SSE
 * protocol (`connected`, messages with their event id, `ping`, `serialized-error`, `return`),
 * so the browser's link, its reconnection and Last-Event-ID work as with tRPC's own handler;
 * and it makes the procedure's checks: the session (resolved once per stream, then again every
 * 30 s), the `read` permission, the input, the project, 20 streams per person
 * (server/live/stream.ts). A GET changes nothing, so CSRF has nothing to refuse (server/http/csrf.ts).
 */
export async function serveLiveStream(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { db: Db; auth: Auth; live: LiveFeed },
): Promise<void> {
  const gone = new AbortController();
  res.on("close", () => gone.abort());
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache, no-transform",
    "x-accel-buffering": "no",
    connection: "keep-alive",
  });
  let lastWrite = Date.now();
  const write = async (bytes: Buffer) => {
    if (res.destroyed) return;
    lastWrite = Date.now();
    // A viewer that reads slowly holds its updates in the feed (and is told to reload past 100), not here.
    if (!res.write(bytes)) await drained(res);
  };
  res.write(connected);
  const ping = setInterval(() => {
    if (Date.now() - lastWrite >= ssePingMs / 2) void write(pingBytes);
  }, ssePingMs);
  let input: unknown;
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
      else if (value) for (const v of value) headers.append(name, v);
    const actor = allowedActor(await actorFromRequest(deps.auth, deps.db, headers), "read");
    const url = new URL(req.url ?? "/", "http://request.invalid");
    input = readInput(url.searchParams.get("input"));
    // As tRPC does: a reconnecting EventSource's Last-Event-ID joins the input.
    const lastEventId =
      headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? url.searchParams.get("Last-Event-Id");
    if (lastEventId && typeof input === "object" && input !== null) input = { ...input, lastEventId };
    const parsed = boardEventsInput.safeParse(input);
    if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", cause: parsed.error });
    for await (const update of projectStream({
      db: deps.db,
      live: deps.live,
      project: parsed.data.project,
      lastEventId: parsed.data.lastEventId,
      person: `${actor.type}:${actor.id}`,
      checks: sessionChecks(deps.auth, deps.db, headers, actor),
      signal: gone.signal,
    }))
      await write(messageBytes(update));
    // Ended by the server (the session is gone): the browser must not reconnect.
    if (!gone.signal.aborted) res.write(returnBytes);
  } catch (error) {
    // A stop (README: Faults) ends the stream as a dropped connection does, so the browser reconnects.
    if (!isAbortError(error) && !gone.signal.aborted) res.write(errorBytes(error, input));
  } finally {
    clearInterval(ping);
    res.end();
  }
}

const event = (name: string, data: string) => Buffer.from(`event: ${name}\ndata: ${data}\n\n\n`);
const connected = event("connected", JSON.stringify(sseClientOptions));
const pingBytes = event("ping", "");
const returnBytes = event("return", "");

/** Each update's bytes, made once however many streams it is written to. */
const bytesOf = new WeakMap<LiveUpdate, Buffer>();
function messageBytes(update: LiveUpdate): Buffer {
  let bytes = bytesOf.get(update);
  if (!bytes) {
    bytes = Buffer.from(`data: ${JSON.stringify(superjson.serialize(update))}\nid: ${update.lastId}\n\n\n`);
    bytesOf.set(update, bytes);
  }
  return bytes;
}

function readInput(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return superjson.deserialize(JSON.parse(raw) as Parameters<typeof superjson.deserialize>[0]);
  } catch (cause) {
    throw new TRPCError({ code: "PARSE_ERROR", message: "The input is not valid JSON", cause });
  }
}

/** The refusal as tRPC's handler would send it: the router's error shape (server/trpc/init.ts), serialized. */
function errorBytes(error: unknown, input: unknown): Buffer {
  const trpcError = error instanceof DomainError ? trpcErrorOf(error) : getTRPCErrorFromUnknown(error);
  if (trpcError.code === "INTERNAL_SERVER_ERROR") console.error("[live]", error);
  return event("serialized-error", JSON.stringify(superjson.serialize(errorShapeOf(trpcError, "board.events", input))));
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
