import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

export const attemptTimeoutMs = 10_000;
const excerptBytes = 2048;

export type OutboundRequest = {
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** Connect to this address instead of looking the host up again (see address-guard.ts). */
  pinned?: { address: string; family: 4 | 6 };
};

export type OutboundResponse = { status: number; retryAfter: string | null; excerpt: string };

/**
 * One POST with a hard 10 s limit for the whole exchange, redirects not followed (a
 * redirect could lead past the address guard), and at most 2 KiB of the answer read.
 */
export function postOnce(request: OutboundRequest, timeoutMs = attemptTimeoutMs): Promise<OutboundResponse> {
  const client = request.url.protocol === "https:" ? https : http;
  const pinned = request.pinned;
  const lookup: LookupFunction | undefined = pinned
    ? (_host, options, callback) => {
        if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
        else callback(null, pinned.address, pinned.family);
      }
    : undefined;
  return new Promise((resolve, reject) => {
    const req = client.request(
      request.url,
      {
        method: "POST",
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        lookup,
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
