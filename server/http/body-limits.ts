import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sizeLabel } from "./read-body";

/** Sign-in and account requests are a few hundred bytes; anything near this is not a person signing in. */
export const authBodyLimit = 16 * 1024;
/** tRPC calls, and anything else Next is asked to read. */
export const appBodyLimit = 1024 * 1024;

/** The most a request to this path may send; null where the endpoint enforces its own (/api/v1: JSON 1 MiB, JUnit 20 MiB). */
export function bodyLimitFor(pathname: string): number | null {
  if (pathname.startsWith("/api/v1/")) return null;
  if (pathname === "/api/auth" || pathname.startsWith("/api/auth/")) return authBodyLimit;
  return appBodyLimit;
}

/**
 * Refusal of a body whose declared length is over the path's limit, decided from the
 * headers alone so nothing is read. Bodies without a declared length are counted as they
 * stream by `withBodyLimit` in the route handlers.
 */
export function declaredTooLarge(pathname: string, contentLength: string | undefined): string | null {
  const limit = bodyLimitFor(pathname);
  if (limit === null || contentLength === undefined) return null;
  const declared = Number(contentLength);
  return Number.isFinite(declared) && declared > limit ? `The body is larger than ${sizeLabel(limit)}` : null;
}

/** The request with its body read within `limit` (a PAYLOAD_TOO_LARGE DomainError beyond), for handlers that then parse it. */
export async function withBodyLimit(request: Request, limit: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const raw = await readBody(request, limit);
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: new Uint8Array(raw),
    signal: request.signal,
  });
}

/** The most of an unread body drained before an early answer; past it the connection is closed instead. */
const maxDrainedBody = 8 * 1024 * 1024;

/**
 * Sends an answer given before the body was read whole (413, or a refusal before reading).
 * Closing the socket under unread data makes the client's kernel see a reset, which loses
 * the answer with it (the client reports EPIPE), so a body of a few MiB is discarded first and
 * the connection stays usable; anything larger is not waited for and the connection closes.
 */
export function answerOverUnreadBody(req: IncomingMessage, res: ServerResponse, send: () => void): void {
  if (req.complete) return send();
  if (!(Number(req.headers["content-length"]) <= maxDrainedBody)) {
    res.setHeader("connection", "close");
    return send();
  }
  // Whoever was reading the body (a web stream pauses it at every chunk) has given up on it.
  req.removeAllListeners("data");
  req.once("end", send);
  req.resume();
}
