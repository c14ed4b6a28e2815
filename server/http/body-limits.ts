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

/** The request with its body read within `limit` (413 HttpProblem beyond), for handlers that then parse it. */
export async function withBodyLimit(request: Request, limit: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const raw = await readBody(request, limit);
  return new Request(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(raw), signal: request.signal });
}
