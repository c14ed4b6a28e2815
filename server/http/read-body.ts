import type { IncomingMessage } from "node:http";
import { badRequest, payloadTooLarge } from "../errors";

export const jsonLimit = 1024 * 1024;
export const junitLimit = 20 * 1024 * 1024;

export const sizeLabel = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;

/**
 * Reads the raw body, refusing with 413 as soon as it passes `limit` (by Content-Length
 * when given, else while streaming), so an oversized body is never held whole.
 */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  const tooLarge = () => payloadTooLarge(`The body is larger than ${sizeLabel(limit)}`);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const node = nodeBodies.get(request);
  if (node) {
    nodeBodies.delete(request);
    return Number.isFinite(declared) ? readDeclared(node, declared) : readNodeChunks(node, limit, tooLarge);
  }
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    // A view, not a copy: the bytes are copied once, below.
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return joinYielding(chunks, size);
}

/** How many bytes are copied between two yields to the event loop. */
const copySlice = 256 * 1024;

/**
 * Buffer.concat in slices: one 20 MiB concat (a test report) held the event loop for tens of
 * milliseconds. The whole is allocated only once every byte has arrived, so a client that
 * declares a large body and sends little costs nothing up front. A large body is joined into
 * shared memory: the report worker (reports/report-pool.ts) reads it where it lies, where
 * posting an ordinary buffer to it copied 20 MiB on this thread (~45 ms; BENCHMARKS.md).
 */
async function joinYielding(chunks: Buffer[], size: number): Promise<Buffer> {
  if (size <= copySlice) return Buffer.concat(chunks, size);
  const whole = Buffer.from(new SharedArrayBuffer(size));
  let offset = 0;
  let sinceYield = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
    sinceYield += chunk.length;
    if (sinceYield >= copySlice) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return whole;
}

export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw badRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * A large body of the public API, left in node:http's stream by server/http/fast-path.ts instead of
 * a Web stream: readBody reads it from there. Through a Web stream a 20 MiB report went through two
 * stream layers chunk by chunk, and its chunks were held until the join, long enough to reach the
 * old generation, so every report ended in a full collection of the server's heap on this thread
 * (BENCHMARKS.md, "Ingestion at the machine's speed").
 */
const nodeBodies = new WeakMap<Request, IncomingMessage>();

export function bodyFromNode(request: Request, req: IncomingMessage): Request {
  nodeBodies.set(request, req);
  return request;
}

/**
 * A body of declared length (within the limit, checked before), copied chunk by chunk into one
 * buffer as it arrives — shared memory when large, for the report worker — so no chunk outlives
 * its event and nothing is joined afterwards.
 */
function readDeclared(req: IncomingMessage, declared: number): Promise<Buffer> {
  const whole = declared > copySlice ? Buffer.from(new SharedArrayBuffer(declared)) : Buffer.alloc(declared);
  let offset = 0;
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      req.off("data", onData);
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      if (offset + chunk.length > declared) return fail(badRequest("The body is longer than its Content-Length"));
      whole.set(chunk, offset);
      offset += chunk.length;
    };
    req.on("data", onData);
    req.once("end", () =>
      offset === declared ? resolve(whole) : reject(badRequest("The body is shorter than its Content-Length")),
    );
    req.once("error", fail);
    req.once("aborted", () => fail(badRequest("The client closed the connection before sending the whole body")));
  });
}

/** A body of no declared length, counted against the limit as it streams. */
async function readNodeChunks(req: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return joinYielding(chunks, size);
}
