import http from "node:http";
import https from "node:https";
import { guardedLookup, guardHost } from "./address-guard";

export const attemptTimeoutMs = 10_000;
const excerptBytes = 2048;

export type OutboundRequest = {
  url: URL;
  headers: Record<string, string>;
  body: string;
  /**
   * Check the address actually connected to (address-guard.ts); `allowPrivate` lets loopback and
   * private networks through (RELEASEBOARD_ALLOW_PRIVATE_TARGETS=1). Left out for the operator's
   * own GitHub and GitLab base URLs.
   */
  guard?: { allowPrivate: boolean };
};

export type OutboundResponse = { status: number; retryAfter: string | null; excerpt: string };

/**
 * One POST with a hard 10 s limit for the whole exchange, redirects not followed (a
 * redirect could lead past the address guard), and at most 2 KiB of the answer read.
 */
export function postOnce(request: OutboundRequest, timeoutMs = attemptTimeoutMs): Promise<OutboundResponse> {
  const client = request.url.protocol === "https:" ? https : http;
  const guard = request.guard;
  const lookup = guard ? guardedLookup(guard.allowPrivate) : undefined;
  return new Promise((resolve, reject) => {
    if (guard) guardHost(request.url.hostname, guard.allowPrivate);
    const req = client.request(
      request.url,
      {
        method: "POST",
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        lookup,
        // A fresh connection per request: a kept-alive socket would skip the lookup's check.
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < excerptBytes) chunks.push(chunk.subarray(0, excerptBytes - size));
          size += chunk.length;
          if (size >= excerptBytes) res.destroy();
        });
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : null,
            excerpt: Buffer.concat(chunks).toString("utf8"),
          });
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    req.on("error", (error: Error) =>
      reject(
        error.name === "AbortError" || error.name === "TimeoutError"
          ? new Error(`no answer within ${timeoutMs / 1000} s`)
          : error,
      ),
    );
    req.end(request.body);
  });
}
